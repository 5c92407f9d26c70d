package dev.sesame.mesh;

import dev.sesame.link.Connector;
import dev.sesame.link.Link;
import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.transport.PipeSource;
import dev.sesame.wire.Endpoint;
import java.util.List;
import java.util.Optional;
import dev.sesame.link.TrafficShape;

/**
 * An authenticated connection that {@link PeerLinks} may make a link, or refuse. The real one
 * wraps a {@link Connector.Authenticated}; tests and the simulator hand in fakes.
 */
interface LinkCandidate {
    PeerId peerId();

    /** The pipe's admission key. */
    PipeSource source();

    /** The pipe's printable label, for events. */
    String label();

    /** The far end's host literal, for direct pipes. */
    Optional<String> remoteHost();

    /** The endpoints the peer announced in its HELLO. */
    List<Endpoint> peerEndpoints();

    /** Builds the link (not started) that reports to {@code listener}. */
    MessageLink open(MessageLink.Listener listener);

    /** Nobody will own this connection: zero its keys and close it. */
    void refuse();

    static LinkCandidate of(Connector.Authenticated authenticated, TrafficShape shape) {
        return new LinkCandidate() {
            @Override
            public PeerId peerId() {
                return authenticated.session().peerId();
            }

            @Override
            public PipeSource source() {
                return authenticated.channel().source();
            }

            @Override
            public String label() {
                return authenticated.channel().label();
            }

            @Override
            public Optional<String> remoteHost() {
                return authenticated.channel().remoteHost();
            }

            @Override
            public List<Endpoint> peerEndpoints() {
                return authenticated.session().peerEndpoints();
            }

            @Override
            public MessageLink open(MessageLink.Listener listener) {
                return new Link(authenticated.channel(), authenticated.session(), shape, listener);
            }

            @Override
            public void refuse() {
                authenticated.session().ratchet().close();
                authenticated.channel().close();
            }
        };
    }
}
