package dev.sesame.mesh;

import dev.sesame.link.Connector;
import dev.sesame.link.Link;
import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.link.RemoteAddress;
import dev.sesame.link.TrafficShape;

/**
 * An authenticated connection that {@link PeerLinks} may make a link, or refuse. The real one
 * wraps a {@link Connector.Authenticated}; tests and the simulator hand in fakes.
 */
interface LinkCandidate {
    PeerId peerId();

    /** The peer's address as this connection sees it. */
    RemoteAddress remoteAddress();

    int peerListenPort();

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
            public RemoteAddress remoteAddress() {
                return authenticated.channel().remoteAddress();
            }

            @Override
            public int peerListenPort() {
                return authenticated.session().peerListenPort();
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
