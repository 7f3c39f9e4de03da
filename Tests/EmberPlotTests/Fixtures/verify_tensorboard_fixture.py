"""Reads an event file written by Ember's SummaryWriter with TensorBoard's EventAccumulator
and checks every record against what TensorBoardTests.writeFixtureRun wrote."""
import io, sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util

path = sys.argv[1]
acc = EventAccumulator(path, size_guidance={"scalars": 0, "histograms": 0, "images": 0, "tensors": 0})
acc.Reload()
tags = acc.Tags()
print("tags:", {k: v for k, v in tags.items() if v})
assert acc.file_version == 2.0, acc.file_version  # parsed from "brain.Event:2"

scalars = acc.Scalars("Loss/train")
assert [(s.step, s.value, s.wall_time) for s in scalars] == [
    (0, 0.75, 1700000001.0), (1, 0.5, 1700000002.0), (2, 0.25, 1700000003.25)], scalars

(h,) = acc.Histograms("weights")
hv = h.histogram_value
assert (h.step, h.wall_time) == (1, 1700000004.0)
assert (hv.min, hv.max, hv.num) == (-0.3, 0.9, 6.0), hv
assert abs(hv.sum - 1.6) < 1e-12 and abs(hv.sum_squares - 1.24) < 1e-12, hv
assert list(hv.bucket_limit) == [-0.3, 0.0, 0.30000000000000004, 0.6, 0.9] or \
    all(abs(a - b) < 1e-12 for a, b in zip(hv.bucket_limit, [-0.3, 0.0, 0.3, 0.6, 0.9])), hv.bucket_limit
assert list(hv.bucket) == [0, 1, 3, 1, 1], hv.bucket

(img,) = acc.Images("digit")
assert (img.step, img.width, img.height) == (2, 5, 4), img
from PIL import Image
pixels = list(Image.open(io.BytesIO(img.encoded_image_string)).getdata())
assert pixels == [i * 12 for i in range(20)], pixels

(text,) = acc.Tensors("notes/text_summary")
assert (text.step, text.wall_time) == (3, 1700000006.0)
assert tensor_util.make_ndarray(text.tensor_proto).tolist() == [b"Ember **run** 1"]
assert acc.SummaryMetadata("notes/text_summary").plugin_data.plugin_name == "text"
print("TensorBoard reads the file back: OK")
