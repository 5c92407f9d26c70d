package dev.sesame.tor;

import dev.sesame.limits.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The commands Sesame gives tor on its control port (control-spec §3): authenticate with the
 * cookie (SAFECOOKIE when offered), take ownership of an own tor, watch bootstrap and descriptor
 * events, and add or remove this run's ephemeral onion service. Every refusal or violation is a
 * {@link TorControlException} with a typed reason. Thread-safe.
 */
public final class TorController implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final TorControlConnection connection;
    private final SecureRandom random;

    TorController(TorControlConnection connection, SecureRandom random) {
        this.connection = connection;
        this.random = random;
    }

    /** Connects to a control port on loopback; events go to {@code events} on the reader thread. */
    public static TorController connect(InetSocketAddress control, Consumer<TorEvent> events, SecureRandom random)
            throws TorControlException {
        if (!control.getAddress().isLoopbackAddress()) throw new IllegalArgumentException("tor's control port must be on loopback");
        Socket socket = new Socket();
        try {
            socket.connect(control, (int) Limits.TCP_CONNECT_TIMEOUT.toMillis());
            return over(socket.getInputStream(), socket.getOutputStream(), socket, events, random, Limits.TOR_CONTROL_REPLY_TIMEOUT);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // never connected
            }
            throw new TorControlException(TorControlException.Reason.UNREACHABLE, "no tor control port at " + control, e);
        }
    }

    /** Over any streams (tests replay recorded tor replies here). */
    static TorController over(InputStream in, OutputStream out, AutoCloseable underlying, Consumer<TorEvent> events,
            SecureRandom random, Duration replyTimeout) {
        return new TorController(new TorControlConnection(in, out, underlying, events, replyTimeout), random);
    }

    /** PROTOCOLINFO, then SAFECOOKIE, COOKIE or NULL authentication, in that order of preference. */
    public void authenticate() throws TorControlException {
        ControlReply info = connection.expectOk("PROTOCOLINFO 1", TorControlException.Reason.PROTOCOL);
        ControlKeywords auth = info.lines().stream().map(ControlReply.Line::text).filter(t -> t.startsWith("AUTH "))
                .findFirst().map(ControlKeywords::parse)
                .orElseThrow(() -> new TorControlException(TorControlException.Reason.PROTOCOL, "PROTOCOLINFO without AUTH"));
        List<String> methods = List.of(auth.value("METHODS").orElse("").split(","));
        Optional<String> cookieFile = auth.value("COOKIEFILE");
        if (methods.contains("SAFECOOKIE") && cookieFile.isPresent()) {
            safeCookie(readCookie(cookieFile.get()));
        } else if (methods.contains("COOKIE") && cookieFile.isPresent()) {
            byte[] cookie = readCookie(cookieFile.get());
            try {
                connection.expectOk("AUTHENTICATE " + HEX.formatHex(cookie), TorControlException.Reason.AUTH_FAILED);
            } finally {
                Arrays.fill(cookie, (byte) 0);
            }
        } else if (methods.contains("NULL")) {
            connection.expectOk("AUTHENTICATE", TorControlException.Reason.AUTH_FAILED);
        } else {
            throw new TorControlException(TorControlException.Reason.NO_AUTH_METHOD,
                    "tor's control port offers " + methods + "; Sesame needs CookieAuthentication 1 in the torrc");
        }
    }

    private void safeCookie(byte[] cookie) throws TorControlException {
        byte[] clientNonce = new byte[SafeCookie.NONCE_BYTES];
        random.nextBytes(clientNonce);
        try {
            ControlReply challenge = connection.expectOk("AUTHCHALLENGE SAFECOOKIE " + HEX.formatHex(clientNonce),
                    TorControlException.Reason.AUTH_FAILED);
            ControlKeywords fields = ControlKeywords.parse(challenge.firstText());
            byte[] serverHash = hex(fields.value("SERVERHASH"), "SERVERHASH");
            byte[] serverNonce = hex(fields.value("SERVERNONCE"), "SERVERNONCE");
            if (serverHash.length != 32 || serverNonce.length != SafeCookie.NONCE_BYTES) {
                throw new TorControlException(TorControlException.Reason.PROTOCOL, "AUTHCHALLENGE reply of the wrong size");
            }
            if (!SafeCookie.serverHashMatches(cookie, clientNonce, serverNonce, serverHash)) {
                throw new TorControlException(TorControlException.Reason.AUTH_FAILED,
                        "the control port does not know tor's cookie: not the tor that wrote it");
            }
            connection.expectOk("AUTHENTICATE " + HEX.formatHex(SafeCookie.clientHash(cookie, clientNonce, serverNonce)),
                    TorControlException.Reason.AUTH_FAILED);
        } catch (IllegalArgumentException e) {
            throw new TorControlException(TorControlException.Reason.PROTOCOL, "malformed AUTHCHALLENGE reply", e);
        } finally {
            Arrays.fill(cookie, (byte) 0);
        }
    }

    private static byte[] hex(Optional<String> value, String name) throws TorControlException {
        String text = value.orElseThrow(() -> new TorControlException(TorControlException.Reason.PROTOCOL, "no " + name));
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new TorControlException(TorControlException.Reason.PROTOCOL, name + " is not hex");
        }
    }

    /** Reads tor's cookie: exactly {@link Limits#TOR_COOKIE_BYTES}; the size is checked before reading. */
    static byte[] readCookie(String file) throws TorControlException {
        try {
            Path path = Path.of(file);
            long size = Files.size(path);
            if (size != Limits.TOR_COOKIE_BYTES) {
                throw new TorControlException(TorControlException.Reason.COOKIE_UNREADABLE, "tor's cookie file has " + size + " bytes, not 32");
            }
            byte[] cookie = Files.readAllBytes(path);
            if (cookie.length != Limits.TOR_COOKIE_BYTES) throw new TorControlException(TorControlException.Reason.COOKIE_UNREADABLE, "cookie file changed size");
            return cookie;
        } catch (IOException | java.nio.file.InvalidPathException | SecurityException e) {
            throw new TorControlException(TorControlException.Reason.COOKIE_UNREADABLE,
                    "cannot read tor's cookie file " + file + " (is this user in tor's group, e.g. debian-tor?)", e);
        }
    }

    /**
     * Makes tor exit when this connection closes, and forgets the start-up PID check (the
     * connection now does its job): control-spec §3.23.
     */
    public void takeOwnership() throws TorControlException {
        connection.expectOk("TAKEOWNERSHIP", TorControlException.Reason.REFUSED);
        connection.expectOk("RESETCONF __OwningControllerProcess", TorControlException.Reason.REFUSED);
    }

    /** Subscribes to bootstrap status and onion descriptor events. */
    public void watchEvents() throws TorControlException {
        connection.expectOk("SETEVENTS STATUS_CLIENT HS_DESC", TorControlException.Reason.REFUSED);
    }

    /** Where tor is now in its bootstrap (GETINFO status/bootstrap-phase). */
    public TorEvent.Bootstrap bootstrapPhase() throws TorControlException {
        ControlReply reply = connection.expectOk("GETINFO status/bootstrap-phase", TorControlException.Reason.REFUSED);
        String phase = reply.value("status/bootstrap-phase")
                .orElseThrow(() -> new TorControlException(TorControlException.Reason.PROTOCOL, "no status/bootstrap-phase in reply"));
        try {
            ControlKeywords fields = ControlKeywords.parse(phase);
            int progress = Integer.parseInt(fields.value("PROGRESS").orElseThrow());
            return new TorEvent.Bootstrap(progress, fields.value("TAG").orElse(""), fields.value("SUMMARY").orElse(""));
        } catch (RuntimeException e) {
            throw new TorControlException(TorControlException.Reason.PROTOCOL, "malformed bootstrap phase", e);
        }
    }

    /**
     * Adds this run's onion service: a new ED25519-V3 key that tor never shows us (DiscardPK, so
     * the key lives only in tor's memory for this run), virtual port {@code virtualPort}
     * forwarded to {@code 127.0.0.1:targetPort}. Returns the 56-character service id.
     */
    public String addOnion(int virtualPort, int targetPort) throws TorControlException {
        if (virtualPort < 1 || virtualPort > 65535 || targetPort < 1 || targetPort > 65535) throw new IllegalArgumentException("port");
        ControlReply reply = connection.expectOk("ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=" + virtualPort + ",127.0.0.1:" + targetPort,
                TorControlException.Reason.REFUSED);
        String id = reply.value("ServiceID")
                .orElseThrow(() -> new TorControlException(TorControlException.Reason.PROTOCOL, "ADD_ONION reply without ServiceID"));
        if (!id.matches("[a-z2-7]{56}")) throw new TorControlException(TorControlException.Reason.PROTOCOL, "ADD_ONION returned a malformed service id");
        if (reply.value("PrivateKey").isPresent()) {
            throw new TorControlException(TorControlException.Reason.PROTOCOL, "tor returned the onion key despite DiscardPK");
        }
        return id;
    }

    /** Removes the onion service now (it would also go when this connection closes). */
    public void delOnion(String serviceId) throws TorControlException {
        if (!serviceId.matches("[a-z2-7]{56}")) throw new IllegalArgumentException("service id");
        connection.expectOk("DEL_ONION " + serviceId, TorControlException.Reason.REFUSED);
    }

    /** Tor's SOCKS listeners on loopback (GETINFO net/listeners/socks), first one first; unix sockets skipped. */
    public List<InetSocketAddress> socksListeners() throws TorControlException {
        ControlReply reply = connection.expectOk("GETINFO net/listeners/socks", TorControlException.Reason.REFUSED);
        String value = reply.value("net/listeners/socks").orElse("");
        try {
            return ControlKeywords.parse(value).words().stream().map(TorAddresses::loopback).flatMap(Optional::stream).toList();
        } catch (IllegalArgumentException e) {
            throw new TorControlException(TorControlException.Reason.PROTOCOL, "malformed net/listeners/socks", e);
        }
    }

    public boolean open() {
        return connection.open();
    }

    /** Closes the control connection; an owned tor exits, an ephemeral onion service disappears. */
    @Override
    public void close() {
        connection.close();
    }
}
