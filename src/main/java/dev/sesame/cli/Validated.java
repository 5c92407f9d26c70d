package dev.sesame.cli;

import dev.sesame.chat.CommandParser;
import dev.sesame.crypto.PhraseKeys;
import dev.sesame.limits.Limits;
import dev.sesame.link.TrafficShape;
import dev.sesame.wire.HostPort;
import dev.sesame.mesh.MeshConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The command line after every check: only valid settings get past {@link #of(Options)}. */
public record Validated(MeshConfig mesh, TrafficShape shape, PhraseKeys.Mode mode, boolean headless,
                        Optional<Duration> ttl, boolean rotateOnPanic, Optional<String> displayName, boolean forgetName,
                        PhraseSource phraseSource, Relays relays) {

    /** {@code --relay} and {@code --room}; the room is empty when a random one is to be made. */
    public record Relays(List<dev.sesame.relay.RelayAddress> relays, Optional<String> room) {
        public Relays {
            relays = List.copyOf(relays);
        }
    }

    /** Where the phrase comes from. */
    public sealed interface PhraseSource {
        record Argument(String phrase) implements PhraseSource {}

        record File(java.nio.file.Path path) implements PhraseSource {}

        record Descriptor(int fd) implements PhraseSource {}

        record Prompt() implements PhraseSource {}
    }

    public static Validated of(Options o) throws UsageException {
        if (o.port < 0 || o.port > 65535) throw new UsageException("--port must be between 0 and 65535, not " + o.port);
        Optional<InetAddress> bind = Optional.empty();
        if (o.bind != null) {
            if (!o.bind.matches("[0-9A-Fa-f.:%a-zA-Z_-]+")) throw new UsageException("--bind: not an address: " + o.bind);
            try {
                bind = Optional.of(InetAddress.getByName(o.bind));
            } catch (UnknownHostException e) {
                throw new UsageException("--bind: unknown address " + o.bind);
            }
        }
        List<HostPort> peers = new ArrayList<>();
        for (String peer : o.peers) {
            peers.add(HostPort.parse(peer).orElseThrow(() -> new UsageException(
                    "--peer: expected HOST:PORT (IPv6 as [::1]:9000), got \"" + peer + "\"")));
        }
        boolean cover = switch (o.cover.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UsageException("--cover must be on or off, not " + o.cover);
        };
        Duration interval = Duration.ofMillis(o.coverIntervalMillis);
        if (interval.compareTo(Limits.MIN_COVER_INTERVAL) < 0 || interval.compareTo(Limits.MAX_COVER_INTERVAL) > 0) {
            throw new UsageException("--cover-interval must be between " + Limits.MIN_COVER_INTERVAL.toMillis() + " and "
                    + Limits.MAX_COVER_INTERVAL.toMillis() + " ms");
        }
        Optional<Duration> ttl = Optional.empty();
        if (o.ttl != null) {
            ttl = Optional.of(CommandParser.parseTtl(o.ttl).orElseThrow(() -> new UsageException(
                    "--ttl must be a number of seconds from " + Limits.MIN_TTL.toSeconds() + " to " + Limits.MAX_TTL.toSeconds()
                            + ", or a number with a unit: 30s, 5m, 2h")));
        }
        boolean rotate = switch (o.panic.toLowerCase(Locale.ROOT)) {
            case "exit" -> false;
            case "rotate" -> true;
            default -> throw new UsageException("--panic must be exit or rotate, not " + o.panic);
        };
        if (o.maxPeers < 1 || o.maxPeers > 1024) throw new UsageException("--max-peers must be between 1 and 1024");
        if (o.maxLinksPerAddress < 1 || o.maxLinksPerAddress > 1024) {
            throw new UsageException("--max-links-per-address must be between 1 and 1024");
        }
        if (o.deliveryTimeoutSeconds < 1 || o.deliveryTimeoutSeconds > 86_400) {
            throw new UsageException("--delivery-timeout must be between 1 and 86400 seconds");
        }
        Optional<String> displayName = Optional.empty();
        if (o.displayName != null) {
            displayName = dev.sesame.mesh.DisplayNames.sanitize(o.displayName);
            if (displayName.isEmpty()) throw new UsageException("--display-name is empty once control characters are removed");
        }
        int sources = (o.phrase != null ? 1 : 0) + (o.phraseFile != null ? 1 : 0) + (o.phraseFd != null ? 1 : 0);
        if (sources > 1) throw new UsageException("give the phrase one way only: --phrase, --phrase-file or --phrase-fd");
        PhraseSource source = o.phrase != null ? new PhraseSource.Argument(o.phrase)
                : o.phraseFile != null ? new PhraseSource.File(o.phraseFile)
                : o.phraseFd != null ? new PhraseSource.Descriptor(o.phraseFd)
                : new PhraseSource.Prompt();
        if (o.phraseFd != null && o.phraseFd < 0) throw new UsageException("--phrase-fd must be a file descriptor number");
        if (o.phrase != null && o.phrase.isEmpty()) throw new UsageException("the phrase is empty");
        MeshConfig mesh = new MeshConfig(bind, o.port, peers, o.maxPeers, o.maxLinksPerAddress,
                Duration.ofSeconds(o.deliveryTimeoutSeconds), displayName, !o.noListen);
        Relays relays = relays(o);
        return new Validated(mesh, new TrafficShape(cover, interval), o.decoy ? PhraseKeys.Mode.DECOY : PhraseKeys.Mode.REAL,
                o.headless, ttl, rotate, displayName, o.forgetName, source, relays);
    }

    private static Relays relays(Options o) throws UsageException {
        List<dev.sesame.relay.RelayAddress> relays = new ArrayList<>();
        for (String relay : o.relays) {
            relays.add(dev.sesame.relay.RelayAddress.parse(relay).orElseThrow(() -> new UsageException(
                    "--relay: expected HOST:PORT or HOST:PORT#FINGERPRINT (52 base32 characters), got \"" + relay + "\"")));
        }
        if (relays.size() > Limits.MAX_ENDPOINTS - 1) {
            throw new UsageException("--relay: at most " + (Limits.MAX_ENDPOINTS - 1) + " relays");
        }
        if (o.room != null && relays.isEmpty()) throw new UsageException("--room needs --relay");
        if (o.room != null && (o.room.isBlank() || o.room.length() > 256 || o.room.chars().anyMatch(Character::isISOControl))) {
            throw new UsageException("--room: 1 to 256 printable characters");
        }
        if (o.noListen && relays.isEmpty() && o.peers.isEmpty()) {
            throw new UsageException("--no-listen needs --relay or --peer: nobody could reach this node otherwise");
        }
        return new Relays(relays, Optional.ofNullable(o.room).map(String::strip));
    }
}
