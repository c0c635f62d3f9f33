# SPDX-License-Identifier: ISC
# Print each base64 self-relative security descriptor read from stdin
# (one per line) as SDDL, and the access masks of its ACEs in hex, with
# Samba's own decoder.  Usage: sddl.py DOMAIN-SID < base64-lines
import base64
import sys

from samba.dcerpc import security
from samba.ndr import ndr_unpack

sid = security.dom_sid(sys.argv[1])
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    sd = ndr_unpack(security.descriptor, base64.b64decode(line))
    print(sd.as_sddl(sid))
    if sd.dacl:
        for ace in sd.dacl.aces:
            print("ace type=%d flags=0x%02x mask=0x%x sid=%s"
                  % (ace.type, ace.flags, ace.access_mask, ace.trustee))
