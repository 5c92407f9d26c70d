package dev.sesame.chat;

import java.time.Duration;
import java.util.Optional;

/** What a person can ask for, typed in the terminal or sent as a line in headless mode. */
public sealed interface Command {
    /** A line not starting with {@code /}: a message to everyone. */
    record Say(String text) implements Command {}

    /** {@code /msg TARGET text} (alias {@code /to}): a private message. */
    record Whisper(String target, String text) implements Command {}

    /** {@code /peers} (alias {@code /list}). */
    record ListPeers() implements Command {}

    /** {@code /verify TARGET} shows the safety number; {@code /verify TARGET ok} marks it checked. */
    record Verify(String target, boolean confirm) implements Command {}

    /** {@code /ttl SECONDS} or {@code /ttl off}: disappearing messages from now on. */
    record SetTtl(Optional<Duration> ttl) implements Command {}

    /** {@code /name NEW}. */
    record Rename(String name) implements Command {}

    /** {@code /clear}: clears this screen only. */
    record Clear() implements Command {}

    record Help() implements Command {}

    /** {@code /stats}: cover-traffic cost and queue depth. */
    record Stats() implements Command {}

    /** {@code /quit}: GOODBYE to everyone, then exit. */
    record Quit() implements Command {}

    /** {@code /panic}: wipe and exit at once (F12 in the terminal). */
    record Panic() implements Command {}

    /** A line that is not a valid command: {@code message} says why, in one line. */
    record Invalid(String message) implements Command {}
}
