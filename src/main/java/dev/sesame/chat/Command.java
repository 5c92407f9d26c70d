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

    /** {@code /help} or {@code /help COMMAND}. */
    record Help(Optional<String> topic) implements Command {
        public Help() {
            this(Optional.empty());
        }
    }

    /** {@code /me text}: an action. On the wire it is a chat line starting with {@code "/me "} (docs/PROTOCOL.md keeps text opaque). */
    record Action(String text) implements Command {}

    /** {@code /query NAME} makes plain lines private to NAME; {@code /query} alone ends it. */
    record Query(Optional<String> target) implements Command {}

    /** {@code /ttl} alone: show the current setting. */
    record ShowTtl() implements Command {}

    /** {@code /connect HOST:PORT}: a new dial target at run time. */
    record Connect(String hostPort) implements Command {}

    /** {@code /retry [NAME|HOST:PORT]}: redial now and reset the backoff. */
    record Retry(Optional<String> target) implements Command {}

    /** {@code /bell on|off} (terminal only). */
    record Bell(boolean on) implements Command {}

    /** {@code /set time seconds|minutes} (terminal only). */
    record SetTimeSeconds(boolean seconds) implements Command {}

    /** {@code /stats}: cover-traffic cost and queue depth. */
    record Stats() implements Command {}

    /** {@code /quit}: GOODBYE to everyone, then exit. */
    record Quit() implements Command {}

    /** {@code /panic}: wipe and exit at once (F12 in the terminal). */
    record Panic() implements Command {}

    /** A line that is not a valid command: {@code message} says why, in one line. */
    record Invalid(String message) implements Command {}
}
