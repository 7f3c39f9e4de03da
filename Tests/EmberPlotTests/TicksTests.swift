import Testing
@testable import EmberPlot

/// Tick values recorded from matplotlib 3.10 (`MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10])`,
/// the AutoLocator), kept to those inside the view, as the axis draws them.
@Suite struct TicksTests {
    // plt.plot(losses) in seed 04: xlim (-4.95, 103.95), ylim (-0.182, 12.053), nbins 9.
    @Test func seedLossAxes() {
        #expect(Ticks.linear(-4.95, 103.95, nbins: 9) == [0, 20, 40, 60, 80, 100])
        #expect(Ticks.linear(-0.18203647732734685, 12.052684742212296, nbins: 9) == [0, 2, 4, 6, 8, 10, 12])
    }

    // The scatter axes: xlim (-2.428, 2.439) → −2…2 by 1; ylim (−5.015, 8.833) → −4…8 by 2.
    @Test func seedScatterAxes() {
        #expect(Ticks.linear(-2.4276221990585327, 2.439299464225769, nbins: 9) == [-2, -1, 0, 1, 2])
        #expect(Ticks.linear(-5.015456938743592, 8.83273913860321, nbins: 9) == [-4, -2, 0, 2, 4, 6, 8])
    }

    // MaxNLocator(9).tick_values(-0.2, 4.2) → 0.5 steps; (0, 1) → 0.2 steps; (0, 10) with 4 bins → 2.5.
    @Test func niceSteps() {
        #expect(Ticks.linear(-0.2, 4.2, nbins: 9) == [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4])
        let tenths = Ticks.linear(0, 1, nbins: 9)
        #expect(tenths.count == 6 && abs(tenths[1] - 0.2) < 1e-12)
        #expect(Ticks.linear(0, 10, nbins: 4) == [0, 2.5, 5, 7.5, 10])
        // Far from zero, scale_range's offset keeps the step fine: (1000.5, 1001.5), nbins 5.
        let offset = Ticks.linear(1000.5, 1001.5, nbins: 5)
        #expect(offset.count == 5 && zip(offset, [1000.6, 1000.8, 1001.0, 1001.2, 1001.4]).allSatisfy { abs($0 - $1) < 1e-9 })
        // Tiny ranges: (1e-5, 3e-5) → 2.5e-6 steps up to 3e-5 (matplotlib's 1e-5 tick lies a rounding
        // error outside the view, so whether it shows is a tie; the step and the end are not).
        let tiny = Ticks.linear(1e-5, 3e-5, nbins: 9)
        #expect(abs(tiny[1] - tiny[0] - 2.5e-6) < 1e-15 && abs(tiny.last! - 3e-5) < 1e-15)
        #expect(abs(tiny[0] - 1e-5) < 1e-15 || abs(tiny[0] - 1.25e-5) < 1e-15)
    }

    // MaxNLocator(integer=True) on epochs 1…3 (view 0.9…3.1): whole numbers only.
    @Test func integerTicks() {
        #expect(Ticks.linear(0.9, 3.1, nbins: 9, integer: true) == [1, 2, 3])
        #expect(Ticks.linear(0.9, 3.1, nbins: 9) == [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3])
    }

    @Test func logDecades() {
        #expect(Ticks.log(0.05, 2000) == [0.1, 1, 10, 100, 1000])
        #expect(Ticks.logLabels([0.01, 1, 100]) == ["10^{\u{2212}2}", "10^{0}", "10^{2}"])
    }

    // ScalarFormatter: one decimal for 0.5 steps, none for 20s, two for 0.25s; Unicode minus.
    @Test func labels() {
        #expect(Ticks.labels([0, 0.5, 1]) == ["0.0", "0.5", "1.0"])
        #expect(Ticks.labels([-20, 0, 20]) == ["\u{2212}20", "0", "20"])
        #expect(Ticks.labels([0, 2.5, 5]) == ["0.0", "2.5", "5.0"])
        #expect(Ticks.labels([0.25, 0.5, 0.75]) == ["0.25", "0.50", "0.75"])
        #expect(Ticks.format(-0.004, decimals: 2) == "0.00")
    }
}
