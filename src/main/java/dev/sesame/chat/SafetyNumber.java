package dev.sesame.chat;

import dev.sesame.crypto.Hashes;
import java.nio.charset.StandardCharsets;

/**
 * The short authentication string of one link: 6 groups of 5 digits and a line of 6 emoji,
 * derived from the link's key schedule (and so from its whole handshake transcript). Both ends
 * of a link compute the same one; every link and every session has its own. Two people who
 * read theirs to each other out of band and find them equal know no one sits between them,
 * even someone who knows the phrase.
 */
public record SafetyNumber(String digits, String emoji) {
    private static final String[] EMOJI = {
        "🐶", "🐱", "🦊", "🐻", "🐼", "🐨", "🐯", "🦁", "🐮", "🐷", "🐸", "🐵", "🐔", "🐧", "🐦", "🦆",
        "🦉", "🐴", "🦄", "🐝", "🐢", "🐍", "🐙", "🦀", "🐬", "🐳", "🌵", "🌲", "🌻", "🍄", "🌙", "⭐",
        "🔥", "🌈", "☔", "⛄", "🍎", "🍋", "🍌", "🍉", "🍇", "🍒", "🥕", "🌽", "🍞", "🧀", "🍕", "🎂",
        "⚽", "🎲", "🎸", "🎺", "🚗", "🚲", "⛵", "🚀", "⏰", "🔑", "🔔", "📚", "✏", "📎", "🎈", "🎁"};

    public static SafetyNumber of(byte[] material) {
        if (material.length < 30) throw new IllegalArgumentException("safety material too short");
        StringBuilder digits = new StringBuilder();
        for (int group = 0; group < 6; group++) {
            long value = 0;
            for (int i = 0; i < 5; i++) value = (value << 8) | (material[group * 5 + i] & 0xff);
            if (group > 0) digits.append(' ');
            digits.append(String.format("%05d", value % 100_000));
        }
        byte[] emojiSource = Hashes.sha256("sesame/v1/safety-emoji".getBytes(StandardCharsets.US_ASCII), material);
        StringBuilder emoji = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0) emoji.append(' ');
            emoji.append(EMOJI[(emojiSource[i] & 0xff) % EMOJI.length]);
        }
        return new SafetyNumber(digits.toString(), emoji.toString());
    }
}
