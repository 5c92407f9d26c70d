package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Display names are chosen by peers, so they are cleaned before anyone sees them: control and
 * format characters (including bidirectional overrides) removed, whitespace collapsed, cut to
 * {@link Limits#MAX_NAME_BYTES} UTF-8 bytes on a character boundary.
 */
public final class DisplayNames {
    private DisplayNames() {}

    public static Optional<String> sanitize(String raw) {
        StringBuilder out = new StringBuilder();
        raw.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean invisible = Character.isISOControl(cp) || type == Character.FORMAT || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            if (invisible) return;
            out.appendCodePoint(Character.isWhitespace(cp) ? ' ' : cp);
        });
        String collapsed = out.toString().trim().replaceAll(" {2,}", " ");
        StringBuilder bounded = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < collapsed.length(); ) {
            int cp = collapsed.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > Limits.MAX_NAME_BYTES) break;
            bounded.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        String name = bounded.toString().trim();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
