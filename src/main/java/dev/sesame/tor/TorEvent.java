package dev.sesame.tor;

import java.util.Optional;

/** What tor tells us asynchronously on the control port, parsed at the edge (control-spec §4.1). */
public sealed interface TorEvent {
    /** {@code STATUS_CLIENT NOTICE BOOTSTRAP}: how far tor has come, 0 to 100. */
    record Bootstrap(int progress, String tag, String summary) implements TorEvent {
        public Bootstrap {
            if (progress < 0 || progress > 100) throw new IllegalArgumentException("progress " + progress);
        }
    }

    /** {@code STATUS_CLIENT WARN BOOTSTRAP}: tor is stuck (no network, clock skew, ...); it keeps trying. */
    record BootstrapProblem(int progress, String reason, String warning) implements TorEvent {}

    /** {@code HS_DESC UPLOADED}: a directory accepted the descriptor of {@code serviceId}. */
    record DescriptorUploaded(String serviceId) implements TorEvent {}

    /** {@code HS_DESC FAILED} for one of our services: one directory did not take it; tor retries others. */
    record DescriptorFailed(String serviceId, String reason) implements TorEvent {}

    /** The control connection ended: tor exited, was stopped, or broke the protocol. */
    record ConnectionLost(TorControlException.Reason reason, String detail) implements TorEvent {}

    /** Parses one asynchronous reply; empty for events we did not ask for or do not act on. */
    static Optional<TorEvent> parse(ControlReply reply) {
        ControlKeywords line;
        try {
            line = ControlKeywords.parse(reply.firstText());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String type = line.word(0).orElse("");
        try {
            return switch (type) {
                case "STATUS_CLIENT" -> bootstrap(line);
                case "HS_DESC" -> descriptor(line);
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a malformed field in an event we only watch: ignore that event
        }
    }

    private static Optional<TorEvent> bootstrap(ControlKeywords line) {
        if (!line.word(2).orElse("").equals("BOOTSTRAP")) return Optional.empty();
        int progress = Integer.parseInt(line.value("PROGRESS").orElseThrow(() -> new IllegalArgumentException("no PROGRESS")));
        String severity = line.word(1).orElse("");
        if (severity.equals("WARN") || severity.equals("ERR")) {
            return Optional.of(new BootstrapProblem(progress, line.value("REASON").orElse("unknown"), line.value("WARNING").orElse("")));
        }
        return Optional.of(new Bootstrap(progress, line.value("TAG").orElse(""), line.value("SUMMARY").orElse("")));
    }

    private static Optional<TorEvent> descriptor(ControlKeywords line) {
        String action = line.word(1).orElse("");
        String address = line.word(2).orElse("");
        return switch (action) {
            case "UPLOADED" -> Optional.of(new DescriptorUploaded(address));
            case "FAILED" -> line.value("REASON").isPresent() || line.words().size() >= 4
                    ? Optional.of(new DescriptorFailed(address, line.value("REASON").orElse("unknown")))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }
}
