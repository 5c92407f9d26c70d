package dev.sesame.cli;

import dev.sesame.mesh.Mesh;
import dev.sesame.mesh.MeshEvent;
import dev.sesame.relay.RelayAddress;
import dev.sesame.relay.RelayDown;
import dev.sesame.relay.RelayFingerprint;
import dev.sesame.relay.RelayTransport;
import dev.sesame.relay.RoomName;
import dev.sesame.wire.Endpoint;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/** Connects {@code --relay} and {@code --room} to a mesh ({@code docs/USAGE.md}, "Behind NAT: a relay"). */
final class RelayWiring {
    private RelayWiring() {}

    /**
     * The room for this run, when relays are given: {@code --room}, or a random name made now and
     * shown with the exact command line the others should run (on stderr, before any interface).
     */
    static Optional<String> room(Validated.Relays relays, SecureRandom random, PrintStream err) {
        if (relays.relays().isEmpty()) return Optional.empty();
        if (relays.room().isPresent()) return relays.room();
        String name = RoomName.random(random);
        String options = relays.relays().stream().map(r -> "--relay " + r.hostPort() + r.pinned().map(f -> "#" + f.text()).orElse(""))
                .collect(Collectors.joining(" "));
        err.println("sesame: no --room given, so this run made the room " + name);
        err.println("sesame: the others run:  sesame " + options + " --room " + name);
        err.flush();
        return Optional.of(name);
    }

    /** One relay transport for the mesh, its news going to the mesh (and from there to the interface). */
    static RelayTransport transport(List<RelayAddress> relays, String room, Mesh mesh, SecureRandom random,
                                    ScheduledExecutorService timer) {
        return new RelayTransport(relays, room, random, timer, new RelayTransport.Events() {
            @Override
            public void relayUp(RelayAddress relay, RelayFingerprint fingerprint) {
                mesh.relayChanged(new MeshEvent.RelayUp(relay.toString(), fingerprint.text()));
            }

            @Override
            public void relayDown(RelayAddress relay, RelayDown reason, String detail) {
                mesh.relayChanged(new MeshEvent.RelayDown(relay.toString(), reason.code(), detail));
            }

            @Override
            public void candidates(RelayAddress relay, List<Endpoint.Relayed> dial) {
                mesh.relayPresence(relay.toString(), List.copyOf(dial));
            }
        });
    }
}
