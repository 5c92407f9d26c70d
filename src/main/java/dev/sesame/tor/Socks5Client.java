package dev.sesame.tor;

import dev.sesame.limits.Limits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The client half of SOCKS5 (RFC 1928) over a connection already open to the local tor's SOCKS
 * port. The destination always travels as a name (ATYP 3, "domain"): an onion address cannot be
 * resolved anywhere but inside tor, and in {@code --tor} mode nothing is resolved locally at
 * all (docs/SECURITY.md "Tor"). This class never calls a resolver and accepts no IP literal.
 *
 * <p>Optional username/password authentication (RFC 1929) is how tor isolates streams: two
 * requests with different credentials never share a circuit (tor's {@code IsolateSOCKSAuth},
 * on by default). Tor accepts any credentials, so they are not secret.
 *
 * <p>Not thread-safe; one connection, one request, on the dialling thread.
 */
public final class Socks5Client {
    private static final int VERSION = 5;
    private static final int METHOD_NONE = 0x00;
    private static final int METHOD_USERPASS = 0x02;
    private static final int METHOD_REFUSED = 0xFF;
    private static final int USERPASS_VERSION = 1;
    private static final int CMD_CONNECT = 1;
    private static final int ATYP_IPV4 = 1;
    private static final int ATYP_DOMAIN = 3;
    private static final int ATYP_IPV6 = 4;

    /** Credentials for tor's stream isolation; each at most 255 bytes (RFC 1929). */
    public record Isolation(String username, String password) {
        public Isolation {
            if (username.isEmpty() || utf8(username).length > 255) throw new IllegalArgumentException("username length");
            if (password.isEmpty() || utf8(password).length > 255) throw new IllegalArgumentException("password length");
        }
    }

    private Socks5Client() {}

    /**
     * Asks the proxy to connect to {@code host:port} and returns once it has; afterwards the
     * streams carry the destination's bytes.
     *
     * @throws Socks5Exception the proxy refused or broke the protocol
     * @throws IOException the connection to the proxy failed
     */
    public static void connect(InputStream in, OutputStream out, String host, int port, Optional<Isolation> isolation)
            throws IOException, Socks5Exception {
        byte[] name = checkedHostName(host);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        negotiate(in, out, isolation);
        byte[] request = new byte[7 + name.length];
        request[0] = VERSION;
        request[1] = CMD_CONNECT;
        request[2] = 0; // reserved
        request[3] = ATYP_DOMAIN;
        request[4] = (byte) name.length;
        System.arraycopy(name, 0, request, 5, name.length);
        request[5 + name.length] = (byte) (port >>> 8);
        request[6 + name.length] = (byte) port;
        out.write(request);
        out.flush();
        readReply(in);
    }

    private static void negotiate(InputStream in, OutputStream out, Optional<Isolation> isolation)
            throws IOException, Socks5Exception {
        int method = isolation.isPresent() ? METHOD_USERPASS : METHOD_NONE;
        out.write(new byte[] {VERSION, 1, (byte) method});
        out.flush();
        int version = readByte(in);
        int chosen = readByte(in);
        if (version != VERSION) throw malformed("method reply version " + version);
        if (chosen == METHOD_REFUSED) throw new Socks5Exception(Socks5Exception.Reason.NO_ACCEPTABLE_METHOD, "proxy accepts no method we offered");
        if (chosen != method) throw malformed("proxy chose method " + chosen + " that we did not offer");
        if (isolation.isPresent()) authenticate(in, out, isolation.get());
    }

    private static void authenticate(InputStream in, OutputStream out, Isolation isolation)
            throws IOException, Socks5Exception {
        byte[] user = utf8(isolation.username());
        byte[] pass = utf8(isolation.password());
        byte[] message = new byte[3 + user.length + pass.length];
        message[0] = USERPASS_VERSION;
        message[1] = (byte) user.length;
        System.arraycopy(user, 0, message, 2, user.length);
        message[2 + user.length] = (byte) pass.length;
        System.arraycopy(pass, 0, message, 3 + user.length, pass.length);
        out.write(message);
        out.flush();
        int version = readByte(in);
        int status = readByte(in);
        if (version != USERPASS_VERSION) throw malformed("auth reply version " + version);
        if (status != 0) throw new Socks5Exception(Socks5Exception.Reason.AUTH_REFUSED, "proxy refused the isolation credentials");
    }

    private static void readReply(InputStream in) throws IOException, Socks5Exception {
        int version = readByte(in);
        int reply = readByte(in);
        int reserved = readByte(in);
        int addressType = readByte(in);
        if (version != VERSION) throw malformed("reply version " + version);
        if (reply != 0) {
            Socks5Exception.Reason reason = Socks5Exception.Reason.ofReplyCode(reply);
            throw new Socks5Exception(reason, "proxy reply 0x" + Integer.toHexString(reply));
        }
        if (reserved != 0) throw malformed("reserved byte " + reserved);
        int addressBytes = switch (addressType) {
            case ATYP_IPV4 -> 4;
            case ATYP_IPV6 -> 16;
            case ATYP_DOMAIN -> {
                int length = readByte(in);
                if (length == 0) throw malformed("empty bound name");
                yield length;
            }
            default -> throw malformed("bound address type " + addressType);
        };
        skip(in, addressBytes + 2); // bound address and port: tor's are meaningless to us
    }

    /** A hostname the proxy resolves: never an IP literal, at most 255 bytes of LDH labels. */
    static byte[] checkedHostName(String host) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length > Limits.MAX_SOCKS_HOST_BYTES) throw new IllegalArgumentException("host name length");
        if (!host.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*")) throw new IllegalArgumentException("not a host name: " + host);
        if (host.matches("[0-9.]+")) throw new IllegalArgumentException("an IP literal never goes through tor's SOCKS port here");
        return name;
    }

    private static int readByte(InputStream in) throws IOException, Socks5Exception {
        int b = in.read();
        if (b < 0) throw new Socks5Exception(Socks5Exception.Reason.CLOSED, "proxy closed the connection");
        return b;
    }

    private static void skip(InputStream in, int count) throws IOException, Socks5Exception {
        try {
            byte[] discard = in.readNBytes(count);
            if (discard.length != count) throw new EOFException();
        } catch (EOFException e) {
            throw new Socks5Exception(Socks5Exception.Reason.CLOSED, "proxy closed the connection in its reply");
        }
    }

    private static Socks5Exception malformed(String what) {
        return new Socks5Exception(Socks5Exception.Reason.MALFORMED_REPLY, "malformed SOCKS5 reply: " + what);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
