package dev.tern.server;

import java.util.function.BooleanSupplier;

/** Bounded waiting for something another thread does: at most 10 s, checked every 10 ms. */
final class Eventually {
    private Eventually() {
    }

    static boolean holds(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
