package dev.sesame.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The commands by name, for {@code /help COMMAND}, for "did you mean" and for Tab completion.
 * Thread-safe (immutable).
 */
public final class CommandHelp {
    private static final Map<String, String> DETAILS = new LinkedHashMap<>();

    static {
        DETAILS.put("/msg", "/msg NAME text (alias /to): a private message to one linked peer. NAME is a display name, "
                + "a fingerprint prefix or a peer-id prefix. A peer that is not linked is refused at once.");
        DETAILS.put("/query", "/query NAME: from now on, plain lines go privately to NAME, as with /msg. /query alone ends it.");
        DETAILS.put("/me", "/me text: an action, shown as \"* yourname text\".");
        DETAILS.put("/peers", "/peers (alias /list): who is linked, and every address being dialled with its state.");
        DETAILS.put("/connect", "/connect HOST:PORT: dial another node now, and keep redialling it like a --peer.");
        DETAILS.put("/retry", "/retry [NAME|HOST:PORT]: redial now and forget the backoff (all targets when alone).");
        DETAILS.put("/verify", "/verify NAME shows the safety number of the link to NAME; compare it out of band, then "
                + "/verify NAME ok marks NAME as verified.");
        DETAILS.put("/ttl", "/ttl SECONDS (5 to 86400, or 30s, 5m, 2h): your next messages disappear after that long. "
                + "/ttl off stops it; /ttl alone shows the setting.");
        DETAILS.put("/name", "/name NEW (alias /nick): change your display name (saved, except in decoy mode).");
        DETAILS.put("/nick", "/nick NEW: the same as /name.");
        DETAILS.put("/bell", "/bell on|off: ring the terminal bell for mentions of your name and private messages (on by default).");
        DETAILS.put("/set", "/set time seconds|minutes: show time stamps with or without seconds.");
        DETAILS.put("/stats", "/stats: cover-traffic cost and queues.");
        DETAILS.put("/clear", "/clear: clear your screen (only yours).");
        DETAILS.put("/help", "/help [COMMAND]: the list of commands, or the details of one.");
        DETAILS.put("/quit", "/quit (alias /exit): say goodbye to everyone and exit. Asks first when a draft is typed or "
                + "messages are still undelivered; twice quits at once.");
        DETAILS.put("/panic", "/panic (F12): wipe everything and exit at once, saying nothing to anyone.");
    }

    private CommandHelp() {}

    /** Every command name, with its slash. */
    public static List<String> names() {
        return List.copyOf(DETAILS.keySet());
    }

    /** The details of one command ({@code msg} or {@code /msg}); empty if there is none by that name. */
    public static Optional<String> details(String command) {
        String key = command.strip().toLowerCase(Locale.ROOT);
        if (!key.startsWith("/")) key = "/" + key;
        key = switch (key) {
            case "/to" -> "/msg";
            case "/list" -> "/peers";
            case "/exit" -> "/quit";
            default -> key;
        };
        return Optional.ofNullable(DETAILS.get(key));
    }

    /** The one command within two typing mistakes of {@code typed}, if exactly one is. */
    public static Optional<String> didYouMean(String typed) {
        String t = typed.toLowerCase(Locale.ROOT);
        Optional<String> best = Optional.empty();
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String name : DETAILS.keySet()) {
            int d = distance(t, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = Optional.of(name);
                tie = false;
            } else if (d == bestDistance) {
                tie = true;
            }
        }
        return bestDistance <= 2 && !tie ? best : Optional.empty();
    }

    /** Optimal string alignment distance (Levenshtein with swaps of neighbours); inputs are short command words. */
    static int distance(String a, String b) {
        if (a.length() > 32) return Integer.MAX_VALUE;
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
