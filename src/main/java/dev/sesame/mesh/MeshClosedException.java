package dev.sesame.mesh;

/** The mesh was closed (after {@code /quit}, or a panic) before it could answer. */
public final class MeshClosedException extends IllegalStateException {
    public MeshClosedException() {
        super("the mesh is closed");
    }
}
