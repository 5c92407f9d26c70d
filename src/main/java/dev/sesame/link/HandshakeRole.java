package dev.sesame.link;

/** Which side of a link we are: the one that dialled, or the one that accepted. */
public enum HandshakeRole {
    DIALER(1), LISTENER(2);

    final int wire;

    HandshakeRole(int wire) {
        this.wire = wire;
    }

    HandshakeRole other() {
        return this == DIALER ? LISTENER : DIALER;
    }
}
