#!/usr/bin/python3
"""Runs the official GRU4Rec PyTorch implementation on the same data as `actorrec train`, for side-by-side numbers.

The official code is not part of this repository: check out hidasib/GRU4Rec_PyTorch_Official yourself and
point GRU4REC_OFFICIAL at it. Needs python3 with torch and pandas (Debian: python3-torch python3-pandas).

BLAS: Debian's python3-torch calls whatever libblas.so.3 the alternatives system selects, and with only libblas3
installed that is the unoptimised reference BLAS (about 4 GFLOP/s on one core here, 25x slower than OpenBLAS), which
makes the official code look far slower than it is. Install an optimised BLAS before timing anything:
    apt-get install python3-torch python3-pandas libopenblas0-pthread
    update-alternatives --display libblas.so.3-x86_64-linux-gnu   # must point at .../openblas-pthread/libblas.so.3
and pin the thread count on both sides (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and --threads here, --threads for
actorrec). docs/benchmarks.md has the commands and the numbers.

Data: the official code reads TSV with SessionId, ItemId and Time columns. For the order-only *_sessions.txt data
sets (diginetica, retailrocket, tmall) write session = line number and time = a running event counter, as
actorrec reads them:
    awk 'BEGIN{OFS="\t"; print "SessionId","ItemId","Time"} {for(i=1;i<=NF;i++) print NR,$i,t++}' train_sessions.txt > train.tsv

usage: GRU4REC_OFFICIAL=/path/to/checkout run_official.py --train T.tsv --test S.tsv --seed 1 --threads 1 \
           [--tag NAME] [--out results.jsonl] name=value ...
Params use the official GRU4Rec constructor names; values are parsed with ast.literal_eval
(falling back to a plain string), e.g. layers=[100] constrained_embedding=True loss=cross-entropy.
"""
import argparse, ast, io, json, os, sys, time, socket, platform

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, os.environ.get('GRU4REC_OFFICIAL') or sys.exit('set GRU4REC_OFFICIAL to a checkout of the official GRU4Rec PyTorch code'))
import gru4rec_pytorch  # noqa: E402
from gru4rec_pytorch import GRU4Rec  # noqa: E402
import evaluation  # noqa: E402


class _TorchShim:
    """Environment shim, official file left untouched: this Debian torch 1.13 build cannot
    torch.tensor() a pandas Series with a non-range index (fit() does that for the logQ
    popularity vector P0). Convert Series -> .values (same numbers, same order); everything
    else is delegated to the real torch module."""
    def __getattr__(self, name):
        return getattr(torch, name)

    @staticmethod
    def tensor(data, *a, **kw):
        if isinstance(data, pd.Series):
            data = data.values
        return torch.tensor(data, *a, **kw)


gru4rec_pytorch.torch = _TorchShim()


class Tee(io.TextIOBase):
    def __init__(self, stream):
        self.stream = stream
        self.buf = []

    def write(self, s):
        self.stream.write(s)
        self.stream.flush()
        self.buf.append(s)
        return len(s)

    def flush(self):
        self.stream.flush()

    def text(self):
        return ''.join(self.buf)


def parse_value(v):
    try:
        return ast.literal_eval(v)
    except (ValueError, SyntaxError):
        return v


def blas_library():
    """The libblas.so.3 that Debian's alternatives resolve to (reference BLAS or OpenBLAS), or None elsewhere."""
    for link in ('/usr/lib/x86_64-linux-gnu/libblas.so.3', '/usr/lib/aarch64-linux-gnu/libblas.so.3'):
        if os.path.exists(link):
            return os.path.realpath(link)
    return None


def load(path, item_dtype):
    return pd.read_csv(path, sep='\t', dtype={'SessionId': 'int64', 'ItemId': item_dtype, 'Time': 'float64'})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--train', required=True)
    ap.add_argument('--test', required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--threads', type=int, default=0, help='torch.set_num_threads (0 = leave default)')
    ap.add_argument('--item-dtype', default='int64', choices=['int64', 'str'])
    ap.add_argument('--tag', default='')
    ap.add_argument('--out', default='')
    ap.add_argument('--skip-eval', action='store_true')
    ap.add_argument('params', nargs='*', help='name=value')
    args = ap.parse_args()

    params = {}
    for p in args.params:
        k, v = p.split('=', 1)
        params[k] = parse_value(v)

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)

    item_dtype = 'int64' if args.item_dtype == 'int64' else str
    train = load(args.train, item_dtype)
    test = load(args.test, item_dtype)
    n_train_events = len(train)
    n_train_sessions = int(train['SessionId'].nunique())
    n_targets = n_train_events - n_train_sessions
    n_items = int(train['ItemId'].nunique())

    load_before = os.getloadavg()
    gru = GRU4Rec(device=torch.device('cpu'), **params)

    tee = Tee(sys.stdout)
    old = sys.stdout
    sys.stdout = tee
    t0 = time.time()
    try:
        gru.fit(train)
    finally:
        sys.stdout = old
    train_s = time.time() - t0
    fit_log = [l for l in tee.text().splitlines() if l.strip()]
    epoch_lines = [l for l in fit_log if l.startswith('Epoch')]
    epoch_secs = []
    for l in epoch_lines:
        try:
            epoch_secs.append(float(l.split('(')[1].split('s)')[0]))
        except Exception:
            pass
    n_epochs = params.get('n_epochs', gru.n_epochs)

    res = {
        'tag': args.tag,
        'impl': 'official GRU4Rec_PyTorch (hidasib/GRU4Rec_PyTorch_Official)',
        'train_file': args.train, 'test_file': args.test,
        'seed': args.seed, 'torch_threads': torch.get_num_threads(),
        'torch_version': torch.__version__, 'host_nproc': os.cpu_count(), 'blas': blas_library(),
        'params': params,
        'n_train_events': n_train_events, 'n_train_sessions': n_train_sessions,
        'n_train_targets': n_targets, 'n_items': n_items, 'n_test_events': len(test),
        'train_seconds': round(train_s, 3),
        'epoch_seconds': epoch_secs,
        'train_events_per_s': round(n_targets * n_epochs / train_s, 1),
        'train_events_per_s_epoch_loops_only': round(n_targets * len(epoch_secs) / sum(epoch_secs), 1) if epoch_secs else None,
        'fit_log': fit_log,
        'loadavg_before': [round(x, 2) for x in load_before],
        'loadavg_after_train': [round(x, 2) for x in os.getloadavg()],
    }

    if not args.skip_eval:
        cut = [1, 5, 10, 20]
        t0 = time.time()
        for mode in ['standard', 'conservative']:
            t1 = time.time()
            rec, mrr = evaluation.batch_eval(gru, test, cutoff=cut, mode=mode)
            res[mode] = {'recall': {str(c): float(rec[c]) for c in cut},
                         'mrr': {str(c): float(mrr[c]) for c in cut},
                         'seconds': round(time.time() - t1, 3)}
        res['eval_seconds'] = round(time.time() - t0, 3)
        res['loadavg_after_eval'] = [round(x, 2) for x in os.getloadavg()]

    line = json.dumps(res)
    print('RESULT ' + line)
    if args.out:
        with open(args.out, 'a') as f:
            f.write(line + '\n')


if __name__ == '__main__':
    main()
