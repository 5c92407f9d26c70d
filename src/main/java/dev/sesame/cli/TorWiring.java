package dev.sesame.cli;

import dev.sesame.chat.ChatEvent;
import dev.sesame.link.TrafficShape;
import dev.sesame.mesh.MeshConfig;
import dev.sesame.tor.TorDownReason;
import dev.sesame.tor.TorException;
import dev.sesame.tor.TorSession;
import dev.sesame.tor.TorSettings;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Consumer;

/** Starts tor for {@code --tor} and turns its progress into {@link ChatEvent.Tor} events (docs/HEADLESS.md). */
final class TorWiring {
    private TorWiring() {}

    /**
     * Tor's settings applied to the rest: a peer is not taken for dead before the Tor silence
     * timeout, and since every onion pipe has one source (the local tor) the links-per-source
     * limit is raised to the peer limit, or it would cap the whole group.
     */
    static Validated adjust(Validated v, TorSettings tor) {
        MeshConfig m = v.mesh();
        MeshConfig mesh = new MeshConfig(m.bind(), m.port(), m.peers(), m.maxPeers(), Math.max(m.maxLinksPerAddress(), m.maxPeers()),
                m.deliveryTimeout(), m.displayName(), m.listen());
        TrafficShape shape = new TrafficShape(v.shape().cover(), v.shape().interval(), tor.silenceTimeout());
        return new Validated(mesh, shape, v.mode(), v.headless(), v.ttl(), v.rotateOnPanic(), v.displayName(), v.forgetName(),
                v.phraseSource(), v.relays());
    }

    /** Blocks until the onion service is published; on failure reports {@code tor_down} and returns empty. */
    static Optional<TorSession> start(TorSettings settings, Consumer<ChatEvent> sink, SecureRandom random) {
        try {
            TorSession session = TorSession.start(settings, listener(sink), random, System.getenv());
            sink.accept(new ChatEvent.Tor(ChatEvent.Tor.Kind.READY, 100, session.onion().toString(), session.ownTor() ? "own" : "running"));
            return Optional.of(session);
        } catch (TorException e) {
            sink.accept(new ChatEvent.Tor(ChatEvent.Tor.Kind.DOWN, 0, e.getMessage(), e.reason().code()));
            return Optional.empty();
        }
    }

    static void reportTo(TorSession session, Consumer<ChatEvent> sink) {
        session.reportTo(listener(sink));
    }

    private static TorSession.Listener listener(Consumer<ChatEvent> sink) {
        return new TorSession.Listener() {
            @Override
            public void bootstrap(int percent, String summary) {
                sink.accept(new ChatEvent.Tor(ChatEvent.Tor.Kind.BOOTSTRAP, percent, summary, ""));
            }

            @Override
            public void down(TorDownReason reason, String detail) {
                sink.accept(new ChatEvent.Tor(ChatEvent.Tor.Kind.DOWN, 0, detail, reason.code()));
            }
        };
    }

    /** Tor's progress in the terminal interface's status bar, before the chat starts. */
    static void busy(dev.sesame.ui.terminal.TerminalUi ui, ChatEvent.Tor t) {
        try {
            ui.busy("tor " + t.progress() + "%: " + t.text());
        } catch (java.io.IOException e) {
            // the terminal went away: the run ends at the next paint anyway
        }
    }

    /** One line for stderr (a failure before the chat starts). */
    static String line(ChatEvent.Tor e) {
        return switch (e.kind()) {
            case BOOTSTRAP -> "tor " + e.progress() + "%: " + e.text();
            case READY -> "tor: onion service published at " + e.text();
            case DOWN -> "tor: " + e.text() + " (" + e.reason() + ")";
        };
    }
}
