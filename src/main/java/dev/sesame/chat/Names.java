package dev.sesame.chat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.SpoofChecker;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When two display names could be taken for each other, decided by ICU's {@link SpoofChecker}
 * (Unicode UTS #39 confusable skeletons and restriction levels), never by a table of our own.
 * A name is a label its owner chose; these checks only decide when the interface must add the
 * owner's fingerprint next to it (docs/SECURITY.md, "Names").
 *
 * <p>Before the skeleton, one rule of ours, for what UTS #39 leaves out because it is about
 * identifiers, which cannot contain spaces: every White_Space character (the no-break space,
 * the ideographic space, ...) and U+2800 BRAILLE PATTERN BLANK, which draws no ink but is not
 * White_Space because Braille counts it as a letter, become one ordinary space; spaces at the
 * ends are dropped and runs of them count as one. The skeleton itself drops the
 * Default_Ignorable code points (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, zero-width
 * characters). Case never tells names apart either: {@code alice} and {@code ALICE} collide.
 *
 * <p>Thread-safe: ICU's checkers are immutable once built; keys are cached.
 */
public final class Names {
    /** The label an interface uses for its own person when they have no display name. */
    public static final String YOU = "you";

    private static final int BRAILLE_BLANK = 0x2800;
    private static final int MAX_CACHED = 4096;
    /** Characters that the rows and commands give a meaning to: a name containing one is always tagged. */
    private static final String LAYOUT = ":[]#@\u2192\u00BB\u2713\"";
    /** How notices ({@code --}, {@code !!}) and actions ({@code *}) start: a name may not start so untagged. */
    private static final String LEADING = "-!*";
    private static final SpoofChecker CONFUSABLE = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();
    /**
     * Moderately restrictive (UTS #39 §5.2): one script, or Latin with one other script that is
     * not Cyrillic or Greek, or the Chinese, Japanese and Korean combinations. Also flags digits
     * from two numbering systems and a mark hidden on a letter's own dot.
     */
    private static final SpoofChecker MIXED = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS | SpoofChecker.HIDDEN_OVERLAY)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
            .build();
    private static final String[] LAYOUT_SKELETONS = LAYOUT.codePoints()
            .mapToObj(cp -> CONFUSABLE.getSkeleton(new String(Character.toChars(cp)))).toArray(String[]::new);
    private static final Map<String, Key> KEYS = new ConcurrentHashMap<>();
    private static final java.util.regex.Pattern FINGERPRINT_LIKE = java.util.regex.Pattern.compile("(?=.*[2-7])[a-z2-7]{4,16}");
    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("[0-9a-f]{4,}");

    private Names() {}

    /**
     * What a name is compared by. Two keys because folding case first would hide that a capital
     * I looks like a small l, and folding it after would keep ALICE apart from alice.
     */
    record Key(String skeletonFirst, String caseFirst) {
        boolean sameAs(Key other) {
            return skeletonFirst.equals(other.skeletonFirst) || caseFirst.equals(other.caseFirst);
        }

        boolean startOf(Key other) {
            return other.skeletonFirst.startsWith(skeletonFirst) || other.caseFirst.startsWith(caseFirst);
        }

        boolean isEmpty() {
            return skeletonFirst.isEmpty() && caseFirst.isEmpty();
        }
    }

    static Key key(String name) {
        Key cached = KEYS.get(name);
        if (cached != null) return cached;
        String spaced = spaces(name);
        Key key = new Key(spaces(fold(CONFUSABLE.getSkeleton(fold(CONFUSABLE.getSkeleton(spaced))))),
                spaces(CONFUSABLE.getSkeleton(fold(spaced))));
        if (KEYS.size() >= MAX_CACHED) KEYS.clear(); // names are few; this only bounds a flood of renames
        KEYS.put(name, key);
        return key;
    }

    /** True if one name could be read as the other. */
    public static boolean confusable(String a, String b) {
        return key(a).sameAs(key(b));
    }

    /** True if {@code name} could be read as any of {@code others}. */
    public static boolean confusableWithAny(String name, Collection<String> others) {
        for (String other : others) {
            if (confusable(name, other)) return true;
        }
        return false;
    }

    /** True if the name mixes scripts (or digits) in a way UTS #39 calls suspicious. */
    public static boolean mixedScripts(String name) {
        return MIXED.failsChecks(name);
    }

    /**
     * True if the name holds characters that look like nothing or like an ordinary space but are
     * not one: anything {@link #key} treats as a space or drops, other than single inner spaces.
     */
    public static boolean hiddenCharacters(String name) {
        boolean previousSpace = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') {
                if (previousSpace) return true;
                previousSpace = true;
                continue;
            }
            if (blank(cp) || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) return true;
            previousSpace = false;
        }
        return previousSpace && !name.isEmpty();
    }

    /**
     * True if the name contains (a look-alike of) a character the chat rows or commands use as
     * punctuation, or starts like a notice ({@code --}, {@code !!}) or an action ({@code *}).
     */
    public static boolean layoutCharacters(String name) {
        String skeleton = CONFUSABLE.getSkeleton(spaces(name));
        if (!skeleton.isEmpty() && LEADING.indexOf(skeleton.charAt(0)) >= 0) return true;
        for (String layout : LAYOUT_SKELETONS) {
            if (skeleton.contains(layout)) return true;
        }
        return false;
    }

    /**
     * The name up to its first punctuation character of the rows ({@link #layoutCharacters}), so
     * that {@code Alice [#mfrg]} or {@code Alice: hi} can be compared with {@code Alice}; the whole
     * name if it has none.
     */
    public static String head(String name) {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            String skeleton = CONFUSABLE.getSkeleton(new String(Character.toChars(cp)));
            for (String layout : LAYOUT_SKELETONS) {
                if (skeleton.contains(layout)) return name.substring(0, i).strip();
            }
            i += Character.charCount(cp);
        }
        return name;
    }

    /**
     * True if the name could be read as a fingerprint or a peer id: letters and digits of the
     * fingerprint alphabet with a digit among them, or the start of one of {@code fingerprints}
     * (two characters or more, spaces ignored, any case or look-alike), or of a peer id in hex
     * (four or more).
     */
    public static boolean looksLikeFingerprint(String name, Collection<String> fingerprints, Collection<String> peerIds) {
        String compact = spaces(name).replace(" ", "");
        while (compact.startsWith("#") || compact.startsWith("@")) compact = compact.substring(1);
        // Fingerprints are all capitals, so the name is compared in capitals too: a capital I and a
        // digit 1 both have the skeleton "l", a small i does not, and "ta1xxrzi" must still read
        // as the start of "TAIX XRZI". The two keys of key() alone missed such mixed spellings.
        // The two keys of key() too: a look-alike of a small letter may have no capital that looks alike.
        String mine = asCapitals(compact);
        Key keys = key(compact);
        if (FINGERPRINT_LIKE.matcher(mine).matches() || FINGERPRINT_LIKE.matcher(keys.skeletonFirst()).matches()) {
            return true;
        }
        if (mine.length() >= 2) {
            for (String fingerprint : fingerprints) {
                String theirs = fingerprint.replace(" ", "");
                if (asCapitals(theirs).startsWith(mine) || keys.startOf(key(theirs))) return true;
            }
        }
        String hex = compact.toLowerCase(Locale.ROOT);
        if (HEX.matcher(hex).matches()) {
            for (String id : peerIds) {
                if (id.startsWith(hex)) return true;
            }
        }
        return false;
    }

    /** The skeleton of the text in capitals, case folded: the key a fingerprint is compared by. */
    private static String asCapitals(String text) {
        return fold(CONFUSABLE.getSkeleton(UCharacter.toUpperCase(Locale.ROOT, text)));
    }

    private static boolean blank(int cp) {
        return cp == BRAILLE_BLANK || UCharacter.hasBinaryProperty(cp, UProperty.WHITE_SPACE);
    }

    private static String spaces(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (blank(cp)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') out.append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') out.setLength(end - 1);
        return out.toString();
    }

    private static String fold(String text) {
        return UCharacter.foldCase(text, true);
    }
}
