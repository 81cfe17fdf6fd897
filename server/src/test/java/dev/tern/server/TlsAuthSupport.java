package dev.tern.server;

import dev.tern.protocol.reply.ReplyReader;
import dev.tern.server.auth.FileUserStore;
import dev.tern.server.auth.PasswordHasher;
import dev.tern.server.auth.UserRecord;
import dev.tern.server.auth.UserStoreAuthenticator;
import dev.tern.server.auth.UsersFile;
import dev.tern.server.tls.PemFiles;
import dev.tern.server.tls.ReloadingTlsContext;
import dev.tern.server.tls.SelfSignedCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed certificate, a users file and a client that can switch to TLS, for the STARTTLS/AUTH tests. */
final class TlsAuthSupport {
    static final PasswordHasher FAST = new PasswordHasher(1024, 1, 1);
    static final String USER = "alice@mx.test.example";
    static final String PASSWORD = "correct horse battery";

    final Path certificate;
    final Path key;
    final ReloadingTlsContext tls;
    final SSLContext clientContext;
    final Path usersFile;
    final UserStoreAuthenticator authenticator;

    TlsAuthSupport(Path dir) throws Exception {
        SelfSignedCertificates.Result r = SelfSignedCertificates.ensure(dir.resolve("tls"), "localhost");
        certificate = r.certificate();
        key = r.privateKey();
        tls = ReloadingTlsContext.load(certificate, key);
        X509Certificate cert = PemFiles.readCertificates(certificate).get(0);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("tern-test", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
        usersFile = dir.resolve("users");
        UsersFile users = UsersFile.empty();
        users.put(UserRecord.create(USER, PASSWORD, FAST, true));
        users.write(usersFile);
        authenticator = new UserStoreAuthenticator(new FileUserStore(usersFile), FAST);
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A raw client whose socket can be switched to TLS in place; every read times out after 10 s. */
    final class Client implements AutoCloseable {
        Socket socket;
        InputStream in;
        OutputStream out;
        ReplyReader reader;

        Client(int port, boolean implicitTls) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            if (implicitTls) {
                socket = handshake(socket, port);
            }
            streams();
        }

        private void streams() throws IOException {
            in = socket.getInputStream();
            out = socket.getOutputStream();
            reader = new ReplyReader(in);
        }

        private SSLSocket handshake(Socket plain, int port) throws IOException {
            SSLSocket s = (SSLSocket) clientContext.getSocketFactory().createSocket(plain, "localhost", port, true);
            s.setSoTimeout(10_000);
            s.startHandshake();
            return s;
        }

        /** Starts TLS on the open connection (after the 220 to STARTTLS). */
        void startTls() throws IOException {
            socket = handshake(socket, socket.getPort());
            streams();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String readRaw() throws IOException {
            try {
                return reader.read(true).raw();
            } catch (dev.tern.protocol.reply.ReplyParseException e) {
                throw new IOException(e);
            }
        }

        String command(String line) throws IOException {
            send(line + "\r\n");
            return readRaw();
        }

        /** EHLO and its reply. */
        String ehlo() throws IOException {
            return command("EHLO client.example");
        }

        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
