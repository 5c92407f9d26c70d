package dev.sesame.cli;

import dev.sesame.crypto.Secret;
import dev.sesame.limits.Limits;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * Reads the phrase into {@link Secret} memory from where the person chose, with as few copies
 * on the heap as Java allows: bytes from a file or descriptor go straight in; a prompt's
 * {@code char[]} is encoded and zeroed. {@code --phrase TEXT} is a Java {@code String} that
 * cannot be wiped ({@code docs/SECURITY.md}).
 *
 * <p>One trailing newline is removed. Phrases are normalised to Unicode NFC so that the same
 * words typed on different systems (macOS often types decomposed accents) give the same key;
 * only a phrase that was not NFC already passes through a {@code String} for that.
 */
public final class PhraseReader {
    private PhraseReader() {}

    public static Secret read(Validated.PhraseSource source, Console console) throws UsageException {
        return read(source, console, false, warning -> { });
    }

    /**
     * As {@link #read(Validated.PhraseSource, Console)}; {@code confirm} asks twice at the prompt
     * (a node that starts alone: a typo would otherwise never meet anyone), and {@code warnings}
     * receives a warning if the phrase is weak ({@link PhraseStrength}; the phrase is never in it).
     */
    public static Secret read(Validated.PhraseSource source, Console console, boolean confirm,
                              java.util.function.Consumer<String> warnings) throws UsageException {
        byte[] bytes = switch (source) {
            case Validated.PhraseSource.Argument a -> encode(a.phrase().toCharArray());
            case Validated.PhraseSource.File f -> fromFile(f.path());
            case Validated.PhraseSource.Descriptor d -> fromDescriptor(d.fd());
            case Validated.PhraseSource.Prompt p -> confirm ? fromPromptTwice(console) : fromPrompt(console);
        };
        try {
            if (bytes.length == 0) throw new UsageException("the phrase is empty");
            if (bytes.length > Limits.MAX_PHRASE_BYTES) {
                throw new UsageException("the phrase is longer than " + Limits.MAX_PHRASE_BYTES + " bytes");
            }
            PhraseStrength.check(bytes).ifPresent(warnings);
            return Secret.copyAndWipe(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] fromFile(Path path) throws UsageException {
        try {
            if (!Files.isRegularFile(path)) throw new UsageException("--phrase-file: not a readable file: " + path);
            if (Files.size(path) > Limits.MAX_PHRASE_BYTES + 2) {
                throw new UsageException("--phrase-file: the file is larger than a phrase can be");
            }
            return normalise(stripNewline(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UsageException("--phrase-file: cannot read " + path + ": " + e.getMessage());
        }
    }

    private static byte[] fromDescriptor(int fd) throws UsageException {
        Path path = Path.of(Files.isDirectory(Path.of("/proc/self/fd")) ? "/proc/self/fd" : "/dev/fd", Integer.toString(fd));
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(Limits.MAX_PHRASE_BYTES + 3);
            if (bytes.length > Limits.MAX_PHRASE_BYTES + 2) {
                Arrays.fill(bytes, (byte) 0);
                throw new UsageException("--phrase-fd: more data than a phrase can be");
            }
            return normalise(stripNewline(bytes));
        } catch (IOException e) {
            throw new UsageException("--phrase-fd: cannot read descriptor " + fd + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] fromPrompt(Console console) throws UsageException {
        if (console == null) {
            throw new UsageException("no phrase given and no terminal to ask for one: use --phrase-file or --phrase-fd");
        }
        char[] typed = console.readPassword("Phrase (not shown): ");
        if (typed == null) throw new UsageException("no phrase entered");
        return encode(typed);
    }

    /** Asks for the phrase, then again to confirm; up to three tries. */
    private static byte[] fromPromptTwice(Console console) throws UsageException {
        for (int attempt = 0; attempt < 3; attempt++) {
            byte[] first = fromPrompt(console);
            byte[] second;
            try {
                if (console == null) throw new UsageException("no terminal to ask for the phrase");
                char[] again = console.readPassword("Same phrase again (not shown): ");
                if (again == null) throw new UsageException("no phrase entered");
                second = encode(again);
            } catch (UsageException e) {
                Arrays.fill(first, (byte) 0);
                throw e;
            }
            boolean same = java.security.MessageDigest.isEqual(first, second);
            Arrays.fill(second, (byte) 0);
            if (same) return first;
            Arrays.fill(first, (byte) 0);
            console.printf("The two phrases differ; try again.%n");
        }
        throw new UsageException("the phrase was typed differently twice three times");
    }

    /** UTF-8 of {@code chars}, NFC-normalised when not ASCII; zeroes {@code chars}. */
    private static byte[] encode(char[] chars) throws UsageException {
        try {
            // Only a phrase that is not NFC already needs normalising, and only that costs an
            // unwipeable String copy (Normalizer returns one).
            boolean normal = Normalizer.isNormalized(CharBuffer.wrap(chars), Normalizer.Form.NFC);
            CharSequence text = normal ? CharBuffer.wrap(chars) : Normalizer.normalize(CharBuffer.wrap(chars), Normalizer.Form.NFC);
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            if (encoded.hasArray()) Arrays.fill(encoded.array(), (byte) 0);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new UsageException("the phrase is not valid text");
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] normalise(byte[] utf8) throws UsageException {
        boolean ascii = true;
        for (byte b : utf8) ascii &= b >= 0;
        if (ascii) return utf8;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
            char[] array = new char[chars.remaining()];
            chars.get(array);
            if (chars.hasArray()) Arrays.fill(chars.array(), '\0');
            return encode(array);
        } catch (CharacterCodingException e) {
            throw new UsageException("the phrase is not valid UTF-8");
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    private static byte[] stripNewline(byte[] bytes) {
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') end--;
        if (end > 0 && bytes[end - 1] == '\r') end--;
        if (end == bytes.length) return bytes;
        byte[] out = Arrays.copyOf(bytes, end);
        Arrays.fill(bytes, (byte) 0);
        return out;
    }
}
