package dev.tern.relay.dsn;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Test helper: reads a DSN with Angus Mail and splits its delivery-status part into field blocks. */
public final class DsnParsing {

    private DsnParsing() {
    }

    public record Parsed(MimeMessage message, Multipart report, InternetHeaders perMessage, List<InternetHeaders> perRecipient) {
    }

    public static Parsed parse(byte[] bytes) throws Exception {
        MimeMessage msg = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        Multipart mp = (Multipart) msg.getContent();
        BodyPart status = null;
        for (int i = 0; i < mp.getCount(); i++) {
            if (mp.getBodyPart(i).isMimeType("message/delivery-status")
                    || mp.getBodyPart(i).isMimeType("message/global-delivery-status")) {
                status = mp.getBodyPart(i);
            }
        }
        if (status == null) {
            throw new AssertionError("no message/delivery-status part");
        }
        InputStream in = status.getInputStream();
        InternetHeaders perMessage = new InternetHeaders(in);
        List<InternetHeaders> blocks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            InternetHeaders h = new InternetHeaders(in);
            if (!h.getAllHeaders().hasMoreElements()) {
                break;
            }
            blocks.add(h);
        }
        return new Parsed(msg, mp, perMessage, blocks);
    }
}
