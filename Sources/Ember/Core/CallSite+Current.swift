extension CallSite {
    /// The call site of the module running now on this thread: set by EmberNN's
    /// `Module.callAsFunction` while `forward` runs, so an error inside a layer can name the
    /// user's `model(x)` line. Nil outside any module call.
    public static var current: CallSite? { ThreadState.current.callSite }

    /// Runs `body` with `site` as the current call site, then restores the previous one.
    public static func withCurrent<R>(_ site: CallSite, _ body: () throws -> R) rethrows -> R {
        let state = ThreadState.current
        let saved = state.callSite
        state.callSite = site
        defer { state.callSite = saved }
        return try body()
    }
}
