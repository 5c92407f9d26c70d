package dev.sesame.cli;

import dev.sesame.limits.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sesame relay}: the command line of relay mode ({@code docs/USAGE.md}, "Running a relay"). */
@Command(name = "relay", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Run a blind relay: members behind NAT meet here, and their end-to-end links run through it.",
                "RAM only, no phrase. It sees IP addresses, room hashes, timing and byte counts; never a message."})
public final class RelayOptions {
    @Option(names = "--bind", paramLabel = "ADDR", description = "address to listen on (default: all interfaces)")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + Limits.RELAY_DEFAULT_PORT,
            description = "port to listen on (0: any free port; default ${DEFAULT-VALUE})")
    int port;
}
