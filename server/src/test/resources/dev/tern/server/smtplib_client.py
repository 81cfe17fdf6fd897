"""Drives Tern's server with Python's smtplib, an independent client; prints one JSON object.

Usage: smtplib_client.py PORT
"""
import json
import smtplib
import sys
from email.message import EmailMessage

port = int(sys.argv[1])
out = {}
with smtplib.SMTP("127.0.0.1", port, local_hostname="py.client.example", timeout=10) as s:
    code, text = s.ehlo()
    out["ehlo"] = code
    out["features"] = sorted(s.esmtp_features.keys())
    out["size"] = s.esmtp_features.get("size")
    out["noop"] = s.noop()[0]
    out["vrfy"] = s.verify("someone@example.test")[0]
    out["help"] = s.help().decode("ascii").splitlines()[0]
    msg = EmailMessage()
    msg["From"] = "py@example.org"
    msg["To"] = "b@example.test"
    msg["Subject"] = "from smtplib"
    msg.set_content("line one\n.line starting with a dot\nlast line\n")
    refused = s.send_message(msg, from_addr="py@example.org",
                             to_addrs=["b@example.test", "unknown@example.test", "fwd@example.test"],
                             mail_options=["BODY=8BITMIME"], rcpt_options=["NOTIFY=FAILURE"])
    out["refused"] = {k: [v[0], v[1].decode("ascii")] for k, v in refused.items()}
    out["rset"] = s.rset()[0]
    try:
        s.sendmail("py@example.org", ["unknown@example.test"], "Subject: x\r\n\r\nx\r\n")
        out["all_refused"] = None
    except smtplib.SMTPRecipientsRefused as e:
        out["all_refused"] = {k: v[0] for k, v in e.recipients.items()}
    out["mail_too_big"] = s.docmd("MAIL FROM:<py@example.org> SIZE=999999999999")[0]
print(json.dumps(out))
