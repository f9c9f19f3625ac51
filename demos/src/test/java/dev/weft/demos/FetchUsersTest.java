package dev.weft.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test of the fetch-users demo: one fast run, then checks of what it printed. */
class FetchUsersTest {
    /** A fetch takes 0.1 s: one by one 1.0 s, gathered 0.1 s, three at a time 0.4 s. */
    private static final double SCALE = 0.1;
    private static final String TEN_USERS = "[user1, user2, user3, user4, user5, user6, user7, user8, user9, user10]";

    private static Printed printed;

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    static void fetch() throws Exception {
        printed = Printed.by(FetchUsers::show, SCALE);
    }

    @Test
    void everyPassGetsTheTenUsersInIdOrder() {
        assertEquals(List.of(TEN_USERS, TEN_USERS, TEN_USERS), printed.all("got 10 users (\\[.*]),"), printed.text());
    }

    @Test
    void passesFollowTheTutorialOrder() {
        assertTrue(printed.inOrder("1. One after the other", "timer: one after the other took",
                "2. All 10 at once with gather", "timer: gather took",
                "3. gather behind a Semaphore(3)", "timer: gather with a semaphore took"), printed.text());
    }

    @Test
    void theSemaphoreKeepsThreeInFlightAndGatherAllTen() {
        assertEquals(List.of("1", "10", "3"), printed.all("at most (\\d+) in flight"), printed.text());
    }

    @Test
    void gatherBeatsTheSemaphoreWhichBeatsOneByOne() {
        double oneByOne = printed.number("timer: one after the other took (\\d+\\.\\d+) s");
        double gather = printed.number("timer: gather took (\\d+\\.\\d+) s");
        double limited = printed.number("timer: gather with a semaphore took (\\d+\\.\\d+) s");
        assertTrue(oneByOne >= 0.99 * 10 * SCALE, "one by one " + oneByOne + "\n" + printed);
        assertTrue(limited >= 0.99 * 4 * SCALE, "four rounds of three: " + limited + "\n" + printed);
        assertTrue(limited < oneByOne - 3 * SCALE, "semaphore " + limited + " vs one by one " + oneByOne + "\n" + printed);
        assertTrue(gather < limited - SCALE, "gather " + gather + " vs semaphore " + limited + "\n" + printed);
    }

    @Test
    void outputIsClean() {
        assertTrue(printed.isClean(), printed.text());
    }
}
