package dev.sesame.cli;

import dev.sesame.limits.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line, as picocli fills it. Validation that picocli cannot express is in {@link Validated}. */
@Command(name = "sesame", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Peer-to-peer, end-to-end encrypted chat for people who share a secret phrase.",
                "Listens on a port; dial others with --peer. Without a phrase option it asks for the phrase."})
public final class Options {
    @Option(names = "--phrase", paramLabel = "TEXT",
            description = "the shared phrase (visible in the process list and shell history: prefer the prompt)")
    String phrase;

    @Option(names = "--phrase-file", paramLabel = "PATH", description = "read the phrase from a file (first line)")
    Path phraseFile;

    @Option(names = "--phrase-fd", paramLabel = "N", description = "read the phrase from an open file descriptor (Linux, macOS)")
    Integer phraseFd;

    @Option(names = "--port", paramLabel = "N", defaultValue = "9000", description = "port to listen on (0: any free port; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "address to listen on (default: all interfaces, IPv4 and IPv6)")
    String bind;

    @Option(names = "--peer", paramLabel = "HOST:PORT", description = "a peer to dial, redialled whenever the link drops (repeatable; IPv6 as [::1]:9000)")
    List<String> peers = new ArrayList<>();

    @Option(names = "--relay", paramLabel = "HOST:PORT[#FINGERPRINT]",
            description = "meet the others through this relay (repeatable); #FINGERPRINT pins its certificate (docs/USAGE.md)")
    List<String> relays = new ArrayList<>();

    @Option(names = "--room", paramLabel = "NAME",
            description = "the room at the relays (never derived from the phrase; without it a random one is made and shown)")
    String room;

    @Option(names = "--no-listen", description = "accept no connections: reachable through relays only")
    boolean noListen;

    @Option(names = "--display-name", paramLabel = "NAME", description = "your display name (saved for next time, except in decoy mode)")
    String displayName;

    @Option(names = "--forget-name", description = "delete the saved display name and exit")
    boolean forgetName;

    @Option(names = "--decoy", description = "decoy mode: a separate room that never links with real sessions; writes nothing")
    boolean decoy;

    @Option(names = "--headless", description = "JSON lines on stdout, commands on stdin (for scripts and bots)")
    boolean headless;

    @Option(names = "--cover", paramLabel = "on|off", defaultValue = "on", description = "constant-rate cover traffic (default ${DEFAULT-VALUE})")
    String cover;

    @Option(names = "--cover-interval", paramLabel = "MS", defaultValue = "100", description = "one cell per link every MS milliseconds (default ${DEFAULT-VALUE})")
    int coverIntervalMillis;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "make your messages disappear after SECONDS (5 to 86400; or 30s, 5m, 2h)")
    String ttl;

    @Option(names = "--panic", paramLabel = "exit|rotate", defaultValue = "exit",
            description = "what F12 (/panic) does after wiping: exit (default), or rotate: new identity, still listening")
    String panic;

    @Option(names = "--max-peers", paramLabel = "N", defaultValue = "" + Limits.DEFAULT_MAX_PEERS, description = "most peers at once (default ${DEFAULT-VALUE})")
    int maxPeers;

    @Option(names = "--max-links-per-address", paramLabel = "N", defaultValue = "" + Limits.DEFAULT_MAX_LINKS_PER_ADDRESS,
            description = "most incoming links from one IP address (default ${DEFAULT-VALUE})")
    int maxLinksPerAddress;

    @Option(names = "--delivery-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "report a message undelivered after SECONDS without a receipt (default ${DEFAULT-VALUE})")
    int deliveryTimeoutSeconds;

    // ---- Tor (docs/USAGE.md "Over Tor") ----
    @Option(names = "--tor", description = "every link through Tor: listen as an onion service, dial .onion peers, no direct connection")
    boolean tor;

    @Option(names = "--tor-control", paramLabel = "HOST:PORT",
            description = "tor's control port (default: 127.0.0.1:9051, then 9151 for Tor Browser, else Sesame starts its own tor)")
    String torControl;

    @Option(names = "--tor-socks", paramLabel = "HOST:PORT", description = "tor's SOCKS port (default: the one tor reports)")
    String torSocks;

    @Option(names = "--tor-config", paramLabel = "PATH", description = "torrc for the tor Sesame starts itself (bridges, say)")
    Path torConfig;

    @Option(names = "--tor-bootstrap-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "give up if tor has not bootstrapped after SECONDS (default ${DEFAULT-VALUE})")
    int torBootstrapTimeoutSeconds;

    @Option(names = "--tor-publish-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "give up if the onion service is not published after SECONDS (default ${DEFAULT-VALUE})")
    int torPublishTimeoutSeconds;

    @Option(names = "--tor-dial-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "a dial through Tor may take SECONDS to reach the peer (default ${DEFAULT-VALUE})")
    int torDialTimeoutSeconds;

    @Option(names = "--tor-silence-timeout", paramLabel = "SECONDS", defaultValue = "45",
            description = "a link over Tor is dead after SECONDS without a cell (default ${DEFAULT-VALUE})")
    int torSilenceTimeoutSeconds;
}
