package dev.sesame.mesh;

import dev.sesame.transport.Via;
import dev.sesame.link.PeerId;
import java.util.Optional;

/** A linked peer as {@code /peers} shows it. */
public record PeerSnapshot(PeerId peerId, Optional<String> name, String address, MeshEvent.Direction direction,
                           byte[] safetyMaterial, int queuedCells, Via via) {
    public PeerSnapshot(PeerId peerId, Optional<String> name, String address, MeshEvent.Direction direction,
                        byte[] safetyMaterial, int queuedCells) {
        this(peerId, name, address, direction, safetyMaterial, queuedCells, Via.DIRECT);
    }
}
