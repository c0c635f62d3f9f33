# SPDX-License-Identifier: ISC
# Fill a freshly provisioned Samba AD DC (not yet running) with an
# Exchange-shaped configuration tree, through Samba's own module stack on
# the local sam.ldb: the schema extension (msExchSmtpReceiveConnector and
# the attributes rcaudit reads), the ms-Exch-SMTP-* controlAccessRight
# objects with their real rightsGuid values, an ordinary user, and the
# receive connectors of tests/live/samba/connectors.txt, each with a
# descriptor given as SDDL (Samba adds the inherited ACEs and maps generic
# rights when it stores it, exactly as over LDAP).
#
# Run with the system interpreter (/usr/bin/python3): Samba's bindings are
# there.  Usage: setup.py DIR CONNECTORS-FILE USER PASSWORD
import sys
import uuid

import ldb
from samba.auth import system_session
from samba.dcerpc import security
from samba.ndr import ndr_pack
from samba.param import LoadParm
from samba.samdb import SamDB

DIR, CONNECTORS, USER, PASSWORD = sys.argv[1:5]

lp = LoadParm()
lp.load(DIR + "/etc/smb.conf")
db = SamDB(url=DIR + "/private/sam.ldb", session_info=system_session(),
           lp=lp)
domain_sid = security.dom_sid(db.get_domain_sid())
config = str(db.get_config_basedn())
schema = str(db.get_schema_basedn())

# Private OIDs (the OpenLDAP experimental arc, as tests/live/ad.schema);
# schemaIDGUIDs derived from the names, so every run is the same.
ARC = "1.3.6.1.4.1.4203.666.11.77"
NS = uuid.UUID("6f1c3d2a-5b4e-4c1d-9a8b-7e6f5d4c3b2a")

# name, number, attributeSyntax, oMSyntax, single-valued
ATTRS = [
    ("msExchSmtpReceiveEnabled", 10, "2.5.5.8", 1, True),
    ("msExchSmtpReceiveRole", 11, "2.5.5.9", 2, True),
    ("msExchSMTPReceiveInboundSecurityFlag", 12, "2.5.5.9", 2, True),
    ("msExchSmtpReceiveProtocolRestrictions", 13, "2.5.5.9", 2, True),
    ("msExchSmtpReceiveMaxMessageSize", 14, "2.5.5.16", 65, True),
    ("msExchSMTPReceiveConnectorFQDN", 15, "2.5.5.12", 64, True),
    ("msExchSmtpReceiveBindings", 16, "2.5.5.12", 64, False),
    ("msExchSmtpReceiveRemoteIPRanges", 17, "2.5.5.12", 64, False),
]
CLASS = "msExchSmtpReceiveConnector"

RIGHTS = [
    ("ms-Exch-SMTP-Submit", "a18293f1-0685-4540-aa63-e32df421b3a2"),
    ("ms-Exch-SMTP-Accept-Any-Recipient",
     "5c82f031-4e4c-4326-88e1-8c4f0cad9de5"),
    ("ms-Exch-SMTP-Accept-Authentication-Flag",
     "1c75aca8-b56b-48b3-a021-858a29fa877b"),
    ("ms-Exch-SMTP-Accept-Any-Sender",
     "b857b50b-94a2-4b53-93f6-41cebd2fced0"),
    ("ms-Exch-SMTP-Accept-Authoritative-Domain-Sender",
     "c22841f4-96cb-498a-ac02-f9a87c74eb14"),
    ("ms-Exch-Accept-Headers-Routing",
     "04031f4f-7c36-43ea-9b49-4bd0f5f1e6af"),
]


def guid_of(name):
    return str(uuid.uuid5(NS, name))


def exists(dn):
    try:
        db.search(base=dn, scope=ldb.SCOPE_BASE, attrs=["dn"])
        return True
    except ldb.LdbError as e:
        if e.args[0] == ldb.ERR_NO_SUCH_OBJECT:
            return False
        raise


def add(msg):
    if not exists(msg["dn"]):
        db.add(msg)


def schema_update_now():
    db.modify_ldif("dn:\nchangetype: modify\nadd: schemaUpdateNow\n"
                   "schemaUpdateNow: 1\n")


def sd(sddl):
    return ndr_pack(security.descriptor.from_sddl(sddl, domain_sid))


# --- the schema (idempotent: schema objects cannot be deleted) ---
for name, num, syntax, om, single in ATTRS:
    add({"dn": "CN=%s,%s" % (name, schema),
         "objectClass": ["top", "attributeSchema"],
         "cn": name, "lDAPDisplayName": name, "adminDisplayName": name,
         "attributeID": "%s.1.%d" % (ARC, num),
         "attributeSyntax": syntax, "oMSyntax": str(om),
         "isSingleValued": "TRUE" if single else "FALSE",
         "schemaIDGUID": uuid.UUID(guid_of(name)).bytes_le,
         "searchFlags": "0", "systemOnly": "FALSE"})
schema_update_now()
add({"dn": "CN=%s,%s" % (CLASS, schema),
     "objectClass": ["top", "classSchema"],
     "cn": CLASS, "lDAPDisplayName": CLASS, "adminDisplayName": CLASS,
     "governsID": "%s.2.6" % ARC, "objectClassCategory": "1",
     "subClassOf": "top", "rDNAttID": "cn",
     "possSuperiors": ["container"],
     "mayContain": [a[0] for a in ATTRS],
     "schemaIDGUID": uuid.UUID(guid_of(CLASS)).bytes_le,
     "systemOnly": "FALSE"})
schema_update_now()

# --- extended rights ---
for cn, rg in RIGHTS:
    add({"dn": "CN=%s,CN=Extended-Rights,%s" % (cn, config),
         "objectClass": ["top", "controlAccessRight"],
         "cn": cn, "displayName": cn, "rightsGuid": rg,
         "validAccesses": "256", "appliesTo": guid_of(CLASS)})

# --- accounts ---
if not db.search(base=str(db.get_default_basedn()), scope=ldb.SCOPE_SUBTREE,
                 expression="(sAMAccountName=%s)" % USER, attrs=["dn"]):
    db.newuser(USER, PASSWORD)
db.setexpiry("(sAMAccountName=Administrator)", 0, no_expiry_req=True)
db.setexpiry("(sAMAccountName=%s)" % USER, 0, no_expiry_req=True)

# The DC's LDAP service principals, which a Windows DC registers itself
# (Samba's samba_spnupdate does it from the dnsupdate service, which the
# testbed does not run).
dcs = db.search(base=str(db.get_default_basedn()), scope=ldb.SCOPE_SUBTREE,
                expression="(&(objectClass=computer)(primaryGroupID=516))",
                attrs=["servicePrincipalName", "dNSHostName"])
for dc in dcs:
    host = str(dc["dNSHostName"][0]).lower()
    netbios = host.split(".")[0].upper()
    realm_dns = host.split(".", 1)[1]
    have = {str(v).lower() for v in dc.get("servicePrincipalName", [])}
    want = ["ldap/%s" % host, "ldap/%s" % netbios,
            "ldap/%s/%s" % (host, realm_dns),
            "GC/%s/%s" % (host, realm_dns)]
    add_spn = [w for w in want if w.lower() not in have]
    if add_spn:
        m = ldb.Message(dc.dn)
        m["servicePrincipalName"] = ldb.MessageElement(
            add_spn, ldb.FLAG_MOD_ADD, "servicePrincipalName")
        db.modify(m)

# --- the connectors ---
# connectors.txt: one connector per paragraph of "key: value" lines:
#   dn: the connector's DN below the configuration NC (RFC 4514)
#   sddl: its descriptor; attribute: value lines are stored as given
#   objectClass: (optional) another class, e.g. a container with an SDDL
#   ranges-gen: N  -> N single hosts 10.50.x.y in RemoteIPRanges
def paragraphs(path):
    cur = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                if cur:
                    yield cur
                cur = []
                continue
            k, v = line.split(":", 1)
            cur.append((k.strip(), v.strip()))
    if cur:
        yield cur


for para in paragraphs(CONNECTORS):
    msg = ldb.Message()
    dn = ldb.Dn(db, [v for k, v in para if k == "dn"][0] + "," + config)
    msg.dn = dn
    vals = {}
    sddl = None
    for k, v in para:
        if k == "dn":
            continue
        if k == "sddl":
            sddl = v
            continue
        if k == "ranges-gen":
            vals.setdefault("msExchSmtpReceiveRemoteIPRanges", []).extend(
                "10.50.%d.%d" % (i // 250, 1 + i % 250)
                for i in range(int(v)))
            continue
        vals.setdefault(k, []).append(v)
    # every ancestor below the configuration NC, as a container
    parents = []
    p = dn.parent()
    while p.get_linearized().lower() != config.lower():
        parents.append(p)
        p = p.parent()
    for p in reversed(parents):
        if not exists(p):
            db.add({"dn": p, "objectClass": ["top", "container"]})
    if exists(dn):
        continue
    for k, v in vals.items():
        msg[k] = ldb.MessageElement(
            [x.encode("utf-8") for x in v], ldb.FLAG_MOD_ADD, k)
    if "objectClass" not in vals:
        msg["objectClass"] = ldb.MessageElement(
            [b"top", CLASS.encode()], ldb.FLAG_MOD_ADD, "objectClass")
    if sddl:
        msg["nTSecurityDescriptor"] = ldb.MessageElement(
            [sd(sddl)], ldb.FLAG_MOD_ADD, "nTSecurityDescriptor")
    db.add(msg)
