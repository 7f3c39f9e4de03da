#!/usr/bin/env bash
# Regenerates events.out.tfevents.fixture: runs our SummaryWriter (the test
# writerReproducesTensorBoardVerifiedFixture, told to write its file out), reads that file back
# with TensorBoard's own EventAccumulator (verify_tensorboard_fixture.py), and only when the
# reader agrees copies it over the fixture. Not part of CI; needs network for pip the first time.
# Usage: Tests/EmberPlotTests/Fixtures/make_tensorboard_fixture.sh   (from the package root)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
venv=${TB_VENV:-/tmp/tb}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import tensorboard, PIL" 2>/dev/null || "$venv/bin/pip" install -q tensorboard pillow
out=$(mktemp /tmp/ember-tb-XXXXXX.tfevents)
scratch=${SCRATCH:-.build-plot}
(cd "$root" && swift build --scratch-path "$scratch" --product EmberPackageTests \
    && EMBER_TB_FIXTURE_OUT="$out" swift test --scratch-path "$scratch" --skip-build \
       --filter writerReproducesTensorBoardVerifiedFixture)
"$venv/bin/python" "$here/verify_tensorboard_fixture.py" "$out"
cp "$out" "$here/events.out.tfevents.fixture"
echo "fixture updated: $here/events.out.tfevents.fixture"
