package dev.sesame.util;

/**
 * A reason that travels up to an interface: an enum constant whose {@link #code()} is the
 * string shown in events ({@code docs/HEADLESS.md}). Reasons stay typed from where they arise
 * (wire, ratchet, handshake, link, mesh) to the interface, which alone turns them into text.
 */
public interface ReasonCode {
    /** The lower-case code shown in events; fixed by docs/HEADLESS.md. */
    String code();
}
