package dev.tern.relay.route;

/** Finds the route for a recipient domain. */
@FunctionalInterface
public interface Router {

    Route route(String domain);
}
