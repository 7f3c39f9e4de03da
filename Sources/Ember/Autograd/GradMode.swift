/// Runs `body` without recording operations (`with torch.no_grad():`), returning its value.
@discardableResult
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
    try withGradMode(false, body)
}

/// Runs `body` with recording on, even inside `noGrad` (`torch.enable_grad`).
@discardableResult
public func enableGrad<R>(_ body: () throws -> R) rethrows -> R {
    try withGradMode(true, body)
}

/// Whether operations are recorded on this thread now (`torch.is_grad_enabled()`).
public var isGradEnabled: Bool { ThreadState.current.gradEnabled }

/// `torch.set_grad_enabled(mode)` for this thread.
public func setGradEnabled(_ enabled: Bool) { ThreadState.current.gradEnabled = enabled }

func withGradMode<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
    let state = ThreadState.current
    let previous = state.gradEnabled
    state.gradEnabled = enabled
    defer { state.gradEnabled = previous }
    return try body()
}
