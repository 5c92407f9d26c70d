package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.SpoofChecker;
import dev.sesame.mesh.DisplayNames;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * docs/SECURITY.md, "Names": for pairs of names that ICU's confusables data says look alike,
 * the two members' rows never look alike. Pairs are made from an ASCII name by swapping letters
 * for characters with the same UTS #39 skeleton, found by asking ICU about every character of
 * the Basic Multilingual Plane. "Look alike" is judged the same way: by the skeletons of the
 * whole rows, not by their bytes, so a tag that differed only in look-alike characters would fail.
 */
class ConfusableRowsProperties {
    private static final SpoofChecker ICU = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();
    private static final Map<Character, List<String>> LOOK_ALIKES = lookAlikes();
    private static final String ALICE = "aa".repeat(32);
    private static final String MALLORY = "bb".repeat(32);
    private static final Instant NOW = Instant.parse("2026-01-01T09:03:00Z");

    /** For each ASCII letter or digit, the other drawable characters ICU gives the same skeleton. */
    private static Map<Character, List<String>> lookAlikes() {
        Map<String, List<String>> bySkeleton = new HashMap<>();
        for (int cp = 0x21; cp <= 0xFFFF; cp++) {
            if (Character.isSurrogate((char) cp) || !Sanitizer.drawable(cp) || TextWidth.combines(cp)) continue;
            String c = new String(Character.toChars(cp));
            if (!DisplayNames.sanitize(c).equals(Optional.of(c))) continue;
            bySkeleton.computeIfAbsent(ICU.getSkeleton(c), k -> new ArrayList<>()).add(c);
        }
        Map<Character, List<String>> out = new HashMap<>();
        for (char a = '0'; a <= 'z'; a++) {
            if (!Character.isLetterOrDigit(a)) continue;
            List<String> same = new ArrayList<>(bySkeleton.getOrDefault(ICU.getSkeleton(String.valueOf(a)), List.of()));
            same.remove(String.valueOf(a));
            if (!same.isEmpty()) out.put(a, same);
        }
        return out;
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> confusablePairs() {
        List<Character> letters = new ArrayList<>(LOOK_ALIKES.keySet());
        return Arbitraries.of(letters).list().ofMinSize(1).ofMaxSize(12).flatMap(chars -> {
            StringBuilder original = new StringBuilder();
            chars.forEach(original::append);
            return Arbitraries.integers().between(0, chars.size() - 1).list().ofMinSize(1).ofMaxSize(chars.size())
                    .flatMap(positions -> Arbitraries.longs().map(seed -> {
                        StringBuilder copy = new StringBuilder();
                        java.util.Random random = new java.util.Random(seed);
                        for (int i = 0; i < chars.size(); i++) {
                            List<String> options = LOOK_ALIKES.get(chars.get(i));
                            copy.append(positions.contains(i) ? options.get(random.nextInt(options.size())) : chars.get(i));
                        }
                        return Tuple.of(original.toString(), copy.toString());
                    }));
        });
    }

    private static String text(List<List<Glyph>> rows) {
        StringBuilder out = new StringBuilder();
        for (List<Glyph> row : rows) {
            row.forEach(g -> out.append(g.text()));
            out.append('\n');
        }
        return out.toString();
    }

    @Property(tries = 300)
    void rowsOfTwoMembersWithConfusableNamesNeverLookAlike(@ForAll("confusablePairs") Tuple.Tuple2<String, String> pair) {
        Optional<String> original = DisplayNames.sanitize(pair.get1());
        Optional<String> copy = DisplayNames.sanitize(pair.get2());
        Assume.that(original.isPresent() && copy.isPresent() && !original.equals(copy));
        assertThat(ICU.getSkeleton(original.get())).isEqualTo(ICU.getSkeleton(copy.get())); // ICU: they look alike

        PeerDirectory peers = new PeerDirectory();
        peers.own(Optional.empty(), "ORSX G5DJ NZTS A3LP");
        peers.up(ALICE, "MFRG GZDF MZTW Q2LK", original);
        peers.up(MALLORY, "NBSW Y3DP EB3W 64TM", copy);
        EntryLayout layout = new EntryLayout(peers, ZoneOffset.UTC);
        String real = text(layout.rows(HistoryEntry.theirs("m1", NOW, ALICE, original, "meet at the north gate", false,
                Optional.empty()), 80, NOW));
        String fake = text(layout.rows(HistoryEntry.theirs("m2", NOW, MALLORY, copy, "meet at the north gate", false,
                Optional.empty()), 80, NOW));
        assertThat(ICU.getSkeleton(fake)).as("%s / %s", real, fake).isNotEqualTo(ICU.getSkeleton(real));
    }
}
