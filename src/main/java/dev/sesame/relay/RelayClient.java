package dev.sesame.relay;

import dev.sesame.limits.Limits;
import dev.sesame.link.HandshakeException;
import dev.sesame.link.TlsChannel;
import dev.sesame.link.TlsContext;
import dev.sesame.relay.RelayMessage.MemberId;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.TcpTransport;
import dev.sesame.wire.Endpoint;
import dev.sesame.transport.TransportException;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A member's side of one relay: the control connection (register, presence, keepalives),
 * redialled with backoff whenever it ends, and the pipe connections (asked for with
 * {@link #pipeTo}, or offered by the relay and delivered to the listener).
 * ({@code docs/PROTOCOL.md}, "Relay"). Thread-safe.
 */
public final class RelayClient implements AutoCloseable {
    /** What happens at the relay; called from the client's threads. */
    public interface Listener {
        void up(RelayAddress relay, RelayFingerprint fingerprint);

        void down(RelayAddress relay, RelayDown reason, String detail);

        /** The other members in the room now. */
        void presence(RelayAddress relay, List<MemberId> others);

        /** A pipe another member asked for, spliced: the listener owns it now. */
        void pipeArrived(Pipe pipe);
    }

    /** Connections to relays are plain TCP, dialled only. */
    private static final TcpTransport TCP = TcpTransport.dialOnly();

    private final RelayAddress address;
    private final byte[] roomHash;
    private final MemberId self;
    private final TlsContext tls;
    private final ScheduledExecutorService timer;
    private final RandomGenerator random;
    private final Listener listener;
    private final PipeSource.Relay source;
    private final Map<Long, CompletableFuture<RelayMessage>> requests = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private volatile TlsChannel control;
    private volatile Optional<RelayFingerprint> seen = Optional.empty();
    private volatile boolean closed;
    private boolean reportedDown;

    public RelayClient(RelayAddress address, byte[] roomHash, MemberId self, TlsContext tls, ScheduledExecutorService timer,
                       RandomGenerator random, Listener listener) {
        this.address = address;
        this.roomHash = roomHash.clone();
        this.self = self;
        this.tls = tls;
        this.timer = timer;
        this.random = random;
        this.listener = listener;
        this.source = new PipeSource.Relay(address.hostPort());
    }

    public RelayAddress address() {
        return address;
    }

    public MemberId self() {
        return self;
    }

    public byte[] roomHash() {
        return roomHash.clone();
    }

    /** The relay's fingerprint while registered. */
    public Optional<RelayFingerprint> registeredWith() {
        return control == null ? Optional.empty() : seen;
    }

    public void start() {
        Thread.ofVirtual().name("relay-control-" + address).start(this::controlLoop);
    }

    private void controlLoop() {
        long backoff = Limits.RELAY_RECONNECT_MIN.toMillis();
        while (!closed) {
            long startedNanos = System.nanoTime();
            Outcome outcome = session();
            control = null;
            failPending();
            if (closed) return;
            if (outcome.wasUp || !reportedDown) {
                reportedDown = true;
                listener.down(address, outcome.reason, outcome.detail);
            }
            // a session that stayed up a while starts the backoff over
            if (outcome.wasUp && System.nanoTime() - startedNanos > Limits.RELAY_RECONNECT_MAX.toNanos()) {
                backoff = Limits.RELAY_RECONNECT_MIN.toMillis();
            }
            long jittered = backoff / 2 + random.nextLong(backoff / 2 + 1);
            try {
                Thread.sleep(jittered);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(Limits.RELAY_RECONNECT_MAX.toMillis(), backoff * 2);
            if (outcome.wasUp) backoff = Limits.RELAY_RECONNECT_MIN.toMillis();
        }
    }

    private record Outcome(boolean wasUp, RelayDown reason, String detail) {}

    private Outcome session() {
        TlsChannel channel;
        try {
            channel = connect();
        } catch (Failure f) {
            return new Outcome(false, f.reason, f.getMessage());
        }
        boolean up = false;
        ScheduledFuture<?> keepalive = null;
        try {
            send(channel, new RelayMessage.Register(RelayMessage.VERSION, roomHash, self.bytes()));
            channel.setReadTimeout(Limits.RELAY_KEEPALIVE_INTERVAL.multipliedBy(3));
            keepalive = timer.scheduleAtFixedRate(() -> sendQuietly(channel, new RelayMessage.KeepAlive()),
                    Limits.RELAY_KEEPALIVE_INTERVAL.toMillis(), Limits.RELAY_KEEPALIVE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            while (!closed) {
                RelayMessage message = RelayCodec.read(channel.input(), Limits.RELAY_MAX_RECORD_BYTES);
                switch (message) {
                    case RelayMessage.Registered r -> {
                        if (up) return new Outcome(true, RelayDown.PROTOCOL, "registered twice");
                        up = true;
                        reportedDown = false;
                        control = channel;
                        listener.up(address, seen.orElseThrow());
                    }
                    case RelayMessage.Presence p -> {
                        if (!up) return new Outcome(false, RelayDown.PROTOCOL, "presence before registered");
                        listener.presence(address, p.members());
                    }
                    case RelayMessage.PipeReady ready -> complete(ready.requestId(), ready);
                    case RelayMessage.PipeOffer offer -> {
                        byte[] token = offer.token();
                        Thread.ofVirtual().name("relay-offer").start(() -> acceptOffer(token));
                    }
                    case RelayMessage.Refused refused -> {
                        if (refused.requestId() == 0) {
                            return new Outcome(up, RelayDown.REFUSED, refused.reason().code());
                        }
                        complete(refused.requestId(), refused);
                    }
                    case RelayMessage.KeepAlive k -> {
                        // the relay is still there
                    }
                    default -> {
                        return new Outcome(up, RelayDown.PROTOCOL, "unexpected " + message.getClass().getSimpleName());
                    }
                }
            }
            return new Outcome(up, RelayDown.CLOSED, "closed");
        } catch (RelayProtocolException e) {
            return new Outcome(up, RelayDown.PROTOCOL, e.reason().code());
        } catch (SocketTimeoutException e) {
            return new Outcome(up, RelayDown.TIMEOUT, "relay silent");
        } catch (EOFException e) {
            return new Outcome(up, RelayDown.CLOSED, "relay closed the connection");
        } catch (IOException e) {
            return new Outcome(up, RelayDown.CLOSED, "connection to the relay broke");
        } finally {
            if (keepalive != null) keepalive.cancel(false);
            channel.abort();
        }
    }

    /** A connection failure with its typed reason. */
    private static final class Failure extends Exception {
        final RelayDown reason;

        Failure(RelayDown reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    /** TCP, TLS, and the pinned fingerprint (when one was given). */
    private TlsChannel connect() throws Failure {
        Pipe tcp;
        try {
            tcp = TCP.dial(new Endpoint.Direct(address.hostPort()));
        } catch (TransportException e) {
            throw new Failure(RelayDown.UNREACHABLE, "cannot connect to the relay at " + address + ": " + e.reason().code());
        }
        TlsChannel channel;
        try {
            channel = TlsChannel.open(tls, tcp, true, Limits.TLS_HANDSHAKE_TIMEOUT, timer);
        } catch (HandshakeException e) {
            throw new Failure(RelayDown.TLS_FAILED, "TLS with the relay failed: " + e.code());
        }
        RelayFingerprint shown = new RelayFingerprint(channel.remotePeerId().bytes());
        if (address.pinned().isPresent() && !address.pinned().get().equals(shown)) {
            channel.abort();
            throw new Failure(RelayDown.FINGERPRINT_MISMATCH, "the relay at " + address + " shows fingerprint " + shown.text()
                    + ", not the pinned " + address.pinned().get().text());
        }
        seen = Optional.of(shown);
        return channel;
    }

    /**
     * Asks the relay for a pipe to {@code target} and splices it; blocks for at most about
     * {@link Limits#RELAY_PENDING_PIPE_TIMEOUT} plus a connection setup.
     */
    public Pipe pipeTo(MemberId target) throws TransportException {
        TlsChannel channel = control;
        if (channel == null) throw new TransportException(TransportException.Reason.UNREACHABLE, "not registered at the relay " + address);
        long id = nextRequestId.getAndUpdate(n -> n >= 0xffffffffL ? 1 : n + 1);
        CompletableFuture<RelayMessage> answer = new CompletableFuture<>();
        requests.put(id, answer);
        RelayMessage reply;
        try {
            send(channel, new RelayMessage.PipeRequest(id, target));
            reply = answer.get(Limits.RELAY_PENDING_PIPE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException e) {
            throw new TransportException(TransportException.Reason.FAILED, "the relay connection ended", e);
        } catch (TimeoutException e) {
            throw new TransportException(TransportException.Reason.TIMEOUT, "the relay did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(TransportException.Reason.FAILED, "interrupted", e);
        } finally {
            requests.remove(id);
        }
        return switch (reply) {
            case RelayMessage.PipeReady ready -> splice(ready.token());
            case RelayMessage.Refused refused -> throw new TransportException(TransportException.Reason.REFUSED,
                    "the relay refused the pipe: " + refused.reason().code());
            default -> throw new AssertionError("only READY and REFUSED complete a request");
        };
    }

    private void acceptOffer(byte[] token) {
        try {
            listener.pipeArrived(splice(token));
        } catch (TransportException e) {
            // the requester dials again if it still wants us; nothing here to report
        }
    }

    /** Opens a pipe connection, presents the token and waits for SPLICED. */
    private Pipe splice(byte[] token) throws TransportException {
        TlsChannel channel;
        try {
            channel = connect();
        } catch (Failure f) {
            throw new TransportException(f.reason == RelayDown.UNREACHABLE ? TransportException.Reason.UNREACHABLE
                    : TransportException.Reason.FAILED, f.getMessage());
        }
        try {
            send(channel, new RelayMessage.Splice(RelayMessage.VERSION, token));
            channel.setReadTimeout(Limits.RELAY_PENDING_PIPE_TIMEOUT);
            RelayMessage answer = RelayCodec.read(channel.input(), Limits.RELAY_MAX_RECORD_BYTES);
            if (answer instanceof RelayMessage.Spliced) {
                channel.setReadTimeout(java.time.Duration.ZERO);
                return new RelayPipe(channel, source);
            }
            channel.abort();
            String why = answer instanceof RelayMessage.Refused r ? r.reason().code() : "unexpected record";
            throw new TransportException(TransportException.Reason.REFUSED, "the relay did not splice: " + why);
        } catch (IOException | RelayProtocolException e) {
            channel.abort();
            throw new TransportException(TransportException.Reason.FAILED, "the relay did not splice", e);
        }
    }

    private void complete(long requestId, RelayMessage message) {
        CompletableFuture<RelayMessage> waiting = requests.get(requestId);
        if (waiting != null) waiting.complete(message);
    }

    private void failPending() {
        for (CompletableFuture<RelayMessage> f : requests.values()) f.completeExceptionally(new EOFException("relay connection ended"));
    }

    private static void send(TlsChannel channel, RelayMessage message) throws IOException {
        OutputStream out = channel.output();
        synchronized (channel) {
            out.write(RelayCodec.encode(message));
            out.flush();
        }
    }

    private static void sendQuietly(TlsChannel channel, RelayMessage message) {
        try {
            send(channel, message);
        } catch (IOException e) {
            // the read loop notices the broken connection
        }
    }

    @Override
    public void close() {
        closed = true;
        TlsChannel channel = control;
        if (channel != null) channel.abort();
    }
}
