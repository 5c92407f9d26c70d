package dev.sesame.os;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Catches SIGTERM, SIGINT and SIGHUP so that the process can leave like {@code /quit} instead
 * of the JVM's default (shutdown hooks only: no goodbye on the links). Uses
 * {@code sun.misc.Signal} (module jdk.unsupported), the JDK's only portable way to handle a
 * signal; it runs the handler on the JVM's signal thread, one signal at a time.
 *
 * <p>A signal that was ignored when the process started (for example SIGHUP under
 * {@code nohup}, SIGINT for a background job of a non-interactive shell) stays ignored: the
 * JVM keeps the inherited disposition.
 */
public final class TerminationSignals {
    /** The signals handled, with their numbers on Linux and macOS (the exit code is 128 + number). */
    public enum Name {
        TERM(15), INT(2), HUP(1);

        private final int number;

        Name(int number) {
            this.number = number;
        }

        /** The conventional exit code of a process ended by this signal. */
        public int exitCode() {
            return 128 + number;
        }

        public String label() {
            return "SIG" + name();
        }
    }

    private TerminationSignals() {}

    /**
     * Sends each of the signals to {@code handler} from now on. Returns the signals that could
     * not be handled here (the platform has no such signal, or the JVM reserves it).
     */
    @SuppressWarnings("removal")
    public static List<Name> handle(Consumer<Name> handler) {
        List<Name> failed = new ArrayList<>();
        for (Name name : Name.values()) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name.name()), s -> handler.accept(name));
            } catch (IllegalArgumentException e) {
                failed.add(name);
            }
        }
        return failed;
    }
}
