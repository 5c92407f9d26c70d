package dev.sesame.relay;

import dev.sesame.link.Identity;
import dev.sesame.link.TlsContext;
import dev.sesame.relay.RelayMessage.MemberId;
import dev.sesame.transport.Pipe;
import dev.sesame.transport.Transport;
import dev.sesame.transport.TransportException;
import dev.sesame.wire.Endpoint;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The relay as a {@link Transport} ({@code docs/ARCHITECTURE.md}): one {@link RelayClient} per
 * {@code --relay}, all in one room. Dials {@link Endpoint.Relayed} endpoints of that room at
 * those relays; delivers the pipes other members ask for; is reachable at one relayed endpoint
 * per relay it is registered with. Its TLS identity towards relays is its own, never the node's.
 *
 * <p>Who asks for a pipe: of two members, the one with the smaller member id ({@link Events#candidates}),
 * so that a pair does not make two pipes at once. Thread-safe.
 */
public final class RelayTransport implements Transport {
    /** What the mesh and the interface hear from the relays. */
    public interface Events {
        void relayUp(RelayAddress relay, RelayFingerprint fingerprint);

        void relayDown(RelayAddress relay, RelayDown reason, String detail);

        /**
         * The members of the room at {@code relay} that this node should dial (the ones with a
         * larger member id than ours), replacing the previous list for that relay.
         */
        void candidates(RelayAddress relay, List<Endpoint.Relayed> dial);
    }

    private final List<RelayClient> clients = new ArrayList<>();
    private final byte[] roomHash;
    private volatile Incoming incoming;

    public RelayTransport(List<RelayAddress> relays, String roomName, SecureRandom random, ScheduledExecutorService timer,
                          Events events) {
        this.roomHash = RoomName.hash(roomName);
        TlsContext tls = new TlsContext(Identity.generate(random), random);
        for (RelayAddress relay : relays) {
            byte[] id = new byte[RelayMessage.MEMBER_ID_BYTES];
            random.nextBytes(id);
            MemberId self = new MemberId(id);
            clients.add(new RelayClient(relay, roomHash, self, tls, timer, random, new RelayClient.Listener() {
                @Override
                public void up(RelayAddress r, RelayFingerprint fingerprint) {
                    events.relayUp(r, fingerprint);
                }

                @Override
                public void down(RelayAddress r, RelayDown reason, String detail) {
                    events.relayDown(r, reason, detail);
                    events.candidates(r, List.of());
                }

                @Override
                public void presence(RelayAddress r, List<MemberId> others) {
                    RelayFingerprint fingerprint = clientFor(r).flatMap(RelayClient::registeredWith).orElse(null);
                    if (fingerprint == null) return;
                    List<Endpoint.Relayed> dial = others.stream().filter(m -> self.compareTo(m) < 0)
                            .map(m -> new Endpoint.Relayed(r.hostPort(), fingerprint.bytes(), roomHash, m.bytes())).toList();
                    events.candidates(r, dial);
                }

                @Override
                public void pipeArrived(Pipe pipe) {
                    Incoming to = incoming;
                    if (to == null) pipe.abort();
                    else to.arrived(pipe);
                }
            }));
        }
    }

    private Optional<RelayClient> clientFor(RelayAddress relay) {
        return clients.stream().filter(c -> c.address().equals(relay)).findFirst();
    }

    @Override
    public boolean canDial(Endpoint endpoint) {
        return clientFor(endpoint).isPresent();
    }

    /** The client registered at the endpoint's relay, in our room, with the fingerprint it names. */
    private Optional<RelayClient> clientFor(Endpoint endpoint) {
        if (!(endpoint instanceof Endpoint.Relayed relayed) || !Arrays.equals(relayed.roomHash(), roomHash)) return Optional.empty();
        return clients.stream().filter(c -> c.address().hostPort().equals(relayed.relay())).findFirst();
    }

    @Override
    public Pipe dial(Endpoint endpoint) throws TransportException {
        RelayClient client = clientFor(endpoint).orElseThrow(() ->
                new TransportException(TransportException.Reason.UNSUPPORTED, "not a member of this room at a relay we use"));
        Endpoint.Relayed relayed = (Endpoint.Relayed) endpoint;
        Optional<RelayFingerprint> registered = client.registeredWith();
        if (registered.isEmpty()) throw new TransportException(TransportException.Reason.UNREACHABLE, "not registered at " + client.address());
        if (!Arrays.equals(registered.get().bytes(), relayed.relayFingerprint())) {
            // announced under another certificate: that relay process is gone (it restarted), or someone lies
            throw new TransportException(TransportException.Reason.REFUSED, "the relay at " + client.address() + " has another fingerprint now");
        }
        return client.pipeTo(new MemberId(relayed.memberId()));
    }

    @Override
    public void start(Incoming incoming) {
        this.incoming = incoming;
        for (RelayClient c : clients) c.start();
    }

    @Override
    public List<Endpoint> reachableAt() {
        List<Endpoint> out = new ArrayList<>();
        for (RelayClient c : clients) {
            c.registeredWith().ifPresent(f -> out.add(new Endpoint.Relayed(c.address().hostPort(), f.bytes(), roomHash, c.self().bytes())));
        }
        return out;
    }

    @Override
    public void close() {
        for (RelayClient c : clients) c.close();
    }
}
