package dev.sesame.util;

/** A bug in Sesame itself, reported as such (never passed off as the peer's fault or a normal close). */
public enum Fault implements ReasonCode {
    INTERNAL_ERROR;

    @Override
    public String code() {
        return "internal_error";
    }
}
