package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {
    @Test
    void plainLineIsSaidToEveryoneWithoutSurroundingSpace() {
        assertThat(CommandParser.parse("  hello there  ")).isEqualTo(new Command.Say("hello there"));
    }

    @Test
    void doubleSlashSendsALiteralSlash() {
        assertThat(CommandParser.parse("//shrug")).isEqualTo(new Command.Say("/shrug"));
    }

    @Test
    void msgAndToAreAPrivateMessage() {
        assertThat(CommandParser.parse("/msg bob see you  later")).isEqualTo(new Command.Whisper("bob", "see you  later"));
        assertThat(CommandParser.parse("/TO bob hi")).isEqualTo(new Command.Whisper("bob", "hi"));
    }

    @Test
    void msgWithoutTextExplainsItsUsage() {
        assertThat(CommandParser.parse("/msg bob")).isEqualTo(new Command.Invalid("usage: /msg NAME text"));
        assertThat(CommandParser.parse("/msg")).isInstanceOf(Command.Invalid.class);
    }

    @Test
    void peersAndListListPeersAndTakeNoArguments() {
        assertThat(CommandParser.parse("/peers")).isEqualTo(new Command.ListPeers());
        assertThat(CommandParser.parse("/list")).isEqualTo(new Command.ListPeers());
        assertThat(CommandParser.parse("/peers all")).isEqualTo(new Command.Invalid("/peers takes no arguments"));
    }

    @Test
    void verifyShowsAndVerifyOkConfirms() {
        assertThat(CommandParser.parse("/verify alice")).isEqualTo(new Command.Verify("alice", false));
        assertThat(CommandParser.parse("/verify alice OK")).isEqualTo(new Command.Verify("alice", true));
        assertThat(CommandParser.parse("/verify alice yes")).isInstanceOf(Command.Invalid.class);
        assertThat(CommandParser.parse("/verify")).isInstanceOf(Command.Invalid.class);
    }

    @Test
    void ttlTakesSecondsOrOff() {
        assertThat(CommandParser.parse("/ttl 30")).isEqualTo(new Command.SetTtl(Optional.of(Duration.ofSeconds(30))));
        assertThat(CommandParser.parse("/ttl off")).isEqualTo(new Command.SetTtl(Optional.empty()));
        assertThat(CommandParser.parse("/ttl 0")).isEqualTo(new Command.SetTtl(Optional.empty()));
    }

    @Test
    void ttlTakesAUnitOfSecondsMinutesOrHours() {
        assertThat(CommandParser.parse("/ttl 45s")).isEqualTo(new Command.SetTtl(Optional.of(Duration.ofSeconds(45))));
        assertThat(CommandParser.parse("/ttl 5m")).isEqualTo(new Command.SetTtl(Optional.of(Duration.ofMinutes(5))));
        assertThat(CommandParser.parse("/ttl 2H")).isEqualTo(new Command.SetTtl(Optional.of(Duration.ofHours(2))));
        assertThat(CommandParser.parseTtl("24h")).contains(Duration.ofHours(24));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4", "86401", "25h", "1441m", "-5", "5 m", "five", "5d", "1e3", "9999999"})
    void ttlOutsideFiveSecondsToADayOrMalformedIsRefused(String value) {
        assertThat(CommandParser.parseTtl(value)).isEmpty();
        assertThat(CommandParser.parse("/ttl " + value)).isInstanceOf(Command.Invalid.class);
    }

    @Test
    void ttlAloneShowsTheSettingAndOutOfRangeSaysTheLimit() {
        assertThat(CommandParser.parse("/ttl")).isEqualTo(new Command.ShowTtl());
        assertThat(CommandParser.parse("/ttl 2")).isEqualTo(new Command.Invalid("the minimum is 5 s (/ttl off for messages that stay)"));
        assertThat(CommandParser.parse("/ttl 25h")).isEqualTo(new Command.Invalid("the maximum is 24 h"));
    }

    @Test
    void ircHabitsParse() {
        assertThat(CommandParser.parse("/me waves")).isEqualTo(new Command.Action("waves"));
        assertThat(CommandParser.parse("/nick Bob")).isEqualTo(new Command.Rename("Bob"));
        assertThat(CommandParser.parse("/query bob")).isEqualTo(new Command.Query(Optional.of("bob")));
        assertThat(CommandParser.parse("/query")).isEqualTo(new Command.Query(Optional.empty()));
        assertThat(CommandParser.parse("/connect 127.0.0.1:9101")).isEqualTo(new Command.Connect("127.0.0.1:9101"));
        assertThat(CommandParser.parse("/retry")).isEqualTo(new Command.Retry(Optional.empty()));
        assertThat(CommandParser.parse("/retry bob")).isEqualTo(new Command.Retry(Optional.of("bob")));
        assertThat(CommandParser.parse("/bell off")).isEqualTo(new Command.Bell(false));
        assertThat(CommandParser.parse("/set time seconds")).isEqualTo(new Command.SetTimeSeconds(true));
        assertThat(CommandParser.parse("/help msg")).isEqualTo(new Command.Help(Optional.of("msg")));
    }

    @Test
    void aMistypedCommandSuggestsTheNearestOne() {
        assertThat(CommandParser.parse("/mgs bob hi")).isEqualTo(new Command.Invalid("unknown command /mgs: did you mean /msg? (try /help)"));
        assertThat(CommandParser.parse("/peer")).isEqualTo(new Command.Invalid("unknown command /peer: did you mean /peers? (try /help)"));
        assertThat(CommandHelp.details("/msg")).get().asString().startsWith("/msg NAME text");
        assertThat(CommandHelp.details("to")).isEqualTo(CommandHelp.details("/msg"));
        assertThat(CommandHelp.details("/nothing")).isEmpty();
    }

    @Test
    void nameNeedsAName() {
        assertThat(CommandParser.parse("/name  Alice Smith ")).isEqualTo(new Command.Rename("Alice Smith"));
        assertThat(CommandParser.parse("/name")).isEqualTo(new Command.Invalid("usage: /name NEW"));
    }

    @Test
    void simpleCommandsParse() {
        assertThat(CommandParser.parse("/clear")).isEqualTo(new Command.Clear());
        assertThat(CommandParser.parse("/help")).isEqualTo(new Command.Help());
        assertThat(CommandParser.parse("/?")).isEqualTo(new Command.Help());
        assertThat(CommandParser.parse("/stats")).isEqualTo(new Command.Stats());
        assertThat(CommandParser.parse("/quit")).isEqualTo(new Command.Quit());
        assertThat(CommandParser.parse("/exit")).isEqualTo(new Command.Quit());
        assertThat(CommandParser.parse("/panic")).isEqualTo(new Command.Panic());
    }

    @Test
    void unknownCommandSaysSoInOneLine() {
        Command command = CommandParser.parse("/frobnicate now");
        assertThat(command).isEqualTo(new Command.Invalid("unknown command /frobnicate (try /help)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/ ", "/\u0000", "/msg \u001b[2J", "/verify a b c", "/quit now", "/ttl", "   ", "/msg  ", "\u202e/quit"})
    void oddInputNeverThrowsAndExplainsInOneLine(String line) {
        Command command = CommandParser.parse(line);
        if (command instanceof Command.Invalid invalid) assertThat(invalid.message()).doesNotContain("\n").isNotBlank();
    }

    @Test
    void aTargetInQuotesMayHoldSpacesAndKeepsItsQuotes() {
        assertThat(CommandParser.parse("/msg \"Very Long\" hi there")).isEqualTo(new Command.Whisper("\"Very Long\"", "hi there"));
        assertThat(CommandParser.parse("/verify \"Very Long\" ok")).isEqualTo(new Command.Verify("\"Very Long\"", true));
        assertThat(CommandParser.parse("/verify \"Very Long\"")).isEqualTo(new Command.Verify("\"Very Long\"", false));
        assertThat(CommandParser.parse("/msg #SGJ6 hi")).isEqualTo(new Command.Whisper("#SGJ6", "hi"));
        assertThat(CommandParser.parse("/msg \"Very Long hi")).isInstanceOf(Command.Invalid.class);
        assertThat(CommandParser.parse("/msg \"\" hi")).isInstanceOf(Command.Invalid.class);
        assertThat(CommandParser.parse("/msg \"Very Long\"")).isInstanceOf(Command.Invalid.class);
        assertThat(CommandParser.parse("/verify \"Very Long\" yes")).isInstanceOf(Command.Invalid.class);
    }
}
