package dev.sesame.chat;

import dev.sesame.limits.Limits;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns one input line into a {@link Command}. Never throws: anything unrecognised becomes
 * {@link Command.Invalid} with a one-line explanation. Thread-safe (stateless).
 */
public final class CommandParser {
    public static final String HELP = String.join("\n",
            "Type a line and press Enter to send it to everyone.",
            "/msg NAME text   private message (alias /to); NAME: a name, \"a name\" with spaces, its start (Bo for Bob),",
            "                 or #FINGERPRINT (#SGJ6: fingerprints only, never names)",
            "/query NAME      plain lines go privately to NAME until /query alone; /me text: an action",
            "/peers           who is linked, and every dial target with its state (alias /list)",
            "/connect H:P     dial HOST:PORT now and keep redialling it; /retry [NAME|H:P] redials now",
            "/verify NAME     show the safety number of the link to NAME; /verify NAME ok marks it checked",
            "/ttl SECONDS     make your next messages disappear after SECONDS (5 to 86400, or 30s, 5m, 2h); /ttl off",
            "/name NEW        change your display name (alias /nick)",
            "/bell on|off     the bell for mentions and private messages; /set time seconds|minutes",
            "/stats           cover-traffic cost and queues",
            "/clear           clear your screen (only yours)",
            "/quit            leave: say goodbye to everyone and exit (Esc); /help COMMAND for details",
            "/panic           wipe everything and exit at once, saying nothing (F12)");

    private CommandParser() {}

    public static Command parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) return new Command.Invalid("empty line");
        if (!trimmed.startsWith("/")) return new Command.Say(line.strip());
        if (trimmed.startsWith("//")) return new Command.Say(trimmed.substring(1)); // "//" sends a literal slash
        String[] parts = trimmed.split("\\s+", 2);
        String name = parts[0].toLowerCase(Locale.ROOT);
        String rest = parts.length > 1 ? parts[1].strip() : "";
        return switch (name) {
            case "/msg", "/to" -> whisper(rest);
            case "/peers", "/list" -> noArguments(rest, new Command.ListPeers(), name);
            case "/verify" -> verify(rest);
            case "/ttl" -> rest.isEmpty() ? new Command.ShowTtl() : ttl(rest);
            case "/name", "/nick" -> rest.isEmpty() ? new Command.Invalid("usage: " + name + " NEW") : new Command.Rename(rest);
            case "/clear" -> noArguments(rest, new Command.Clear(), name);
            case "/help", "/?" -> new Command.Help(rest.isEmpty() ? Optional.empty() : Optional.of(rest.split("\\s+")[0]));
            case "/me" -> rest.isEmpty() ? new Command.Invalid("usage: /me text") : new Command.Action(rest);
            case "/query" -> new Command.Query(rest.isEmpty() ? Optional.empty() : Optional.of(rest));
            case "/connect" -> rest.isEmpty() || rest.contains(" ") ? new Command.Invalid("usage: /connect HOST:PORT")
                    : new Command.Connect(rest);
            case "/retry" -> rest.contains(" ") ? new Command.Invalid("usage: /retry [NAME|HOST:PORT]")
                    : new Command.Retry(rest.isEmpty() ? Optional.empty() : Optional.of(rest));
            case "/bell" -> switch (rest.toLowerCase(Locale.ROOT)) {
                case "on" -> new Command.Bell(true);
                case "off" -> new Command.Bell(false);
                default -> new Command.Invalid("usage: /bell on|off");
            };
            case "/set" -> switch (rest.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")) {
                case "time seconds" -> new Command.SetTimeSeconds(true);
                case "time minutes" -> new Command.SetTimeSeconds(false);
                default -> new Command.Invalid("usage: /set time seconds|minutes");
            };
            case "/stats" -> noArguments(rest, new Command.Stats(), name);
            case "/quit", "/exit" -> noArguments(rest, new Command.Quit(), name);
            case "/panic" -> noArguments(rest, new Command.Panic(), name);
            default -> new Command.Invalid("unknown command " + parts[0]
                    + CommandHelp.didYouMean(name).map(m -> ": did you mean " + m + "?").orElse("") + " (try /help)");
        };
    }

    private static Command noArguments(String rest, Command command, String name) {
        return rest.isEmpty() ? command : new Command.Invalid(name + " takes no arguments");
    }

    private static Command whisper(String rest) {
        Optional<String[]> split = target(rest);
        if (split.isEmpty() || split.get()[1].isBlank()) return new Command.Invalid("usage: /msg NAME text");
        return new Command.Whisper(split.get()[0], split.get()[1].strip());
    }

    private static Command verify(String rest) {
        Optional<String[]> split = target(rest);
        String after = split.map(s -> s[1].strip()).orElse("");
        if (split.isEmpty() || !(after.isEmpty() || after.equalsIgnoreCase("ok"))) {
            return new Command.Invalid("usage: /verify NAME [ok]");
        }
        return new Command.Verify(split.get()[0], !after.isEmpty());
    }

    /**
     * Splits "TARGET rest": TARGET is one word, or a name in double quotes kept with its quotes
     * ({@code "Very Long"}), which the resolver reads as a name only (docs/USAGE.md, addressing).
     */
    private static Optional<String[]> target(String rest) {
        if (rest.startsWith("\"")) {
            int close = rest.indexOf('"', 1);
            if (close < 2) return Optional.empty();
            return Optional.of(new String[] {rest.substring(0, close + 1), rest.substring(close + 1)});
        }
        String[] parts = rest.split("\\s+", 2);
        if (parts[0].isEmpty()) return Optional.empty();
        return Optional.of(new String[] {parts[0], parts.length > 1 ? parts[1] : ""});
    }

    private static Command ttl(String rest) {
        if (rest.equalsIgnoreCase("off") || rest.equals("0")) return new Command.SetTtl(Optional.empty());
        Optional<Duration> ttl = parseTtl(rest);
        Optional<Duration> asked = parseAnyTtl(rest);
        if (ttl.isEmpty() && asked.isPresent()) {
            return new Command.Invalid(asked.get().compareTo(Limits.MIN_TTL) < 0
                    ? "the minimum is " + Limits.MIN_TTL.toSeconds() + " s (/ttl off for messages that stay)"
                    : "the maximum is " + Limits.MAX_TTL.toHours() + " h");
        }
        return ttl.<Command>map(d -> new Command.SetTtl(Optional.of(d)))
                .orElseGet(() -> new Command.Invalid("usage: /ttl SECONDS (" + Limits.MIN_TTL.toSeconds() + " to "
                        + Limits.MAX_TTL.toSeconds() + ", or with a unit: 30s, 5m, 2h) or /ttl off"));
    }

    /**
     * A time to live within the allowed range, else empty: seconds ({@code 90}), or a number
     * with a unit {@code s}, {@code m} or {@code h} ({@code 90s}, {@code 5m}, {@code 2h}).
     */
    public static Optional<Duration> parseTtl(String text) {
        return parseAnyTtl(text).filter(ttl -> ttl.compareTo(Limits.MIN_TTL) >= 0 && ttl.compareTo(Limits.MAX_TTL) <= 0);
    }

    /** A well-formed time to live, in range or not. */
    private static Optional<Duration> parseAnyTtl(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!t.matches("[0-9]{1,6}[smh]?")) return Optional.empty();
        char unit = t.charAt(t.length() - 1);
        long amount = Long.parseLong(Character.isDigit(unit) ? t : t.substring(0, t.length() - 1));
        Duration ttl = switch (unit) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        return ttl.isZero() ? Optional.empty() : Optional.of(ttl);
    }
}
