"""One scan: discover inputs, read them through their sources, build the graph, run rules."""

from __future__ import annotations

import gc
import json
import os
import signal
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator

from mlsec.engine.findings import Finding
from mlsec.engine.limits import UnitTimeout, time_budget
from mlsec.engine.redact import Redactor
from mlsec.engine.rule import Rule
from mlsec.engine.runner import run_rules
from mlsec.engine.settings import Settings
from mlsec.model.base import Resource
from mlsec.model.builder import build_resource
from mlsec.model.catalog import model_for
from mlsec.model.graph import Graph
from mlsec.model.kinds.scope import scan_units
from mlsec.sources.base import RawResource, ScanError, SourceOptions, SourceResult
from mlsec.sources.discovery import discover, why_not_scannable
from mlsec.sources.secrets import environment_secrets, plan_secrets


@dataclass(slots=True)
class ScanResult:
    targets: list[str]
    started_at: str
    finished_at: str = ""
    duration_s: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    resources: int = 0
    rules: list[Rule] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def nothing_scanned(self) -> bool:
        return not self.files and self.resources == 0


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def read_sources(paths: list[str], options: SourceOptions, excludes: tuple[str, ...] = ()) -> SourceResult:
    """Read every input the paths lead to into one result (tests and small tools)."""
    out = SourceResult()
    for part in iter_sources(paths, options, excludes):
        out.extend(part)
    return out


def iter_sources(paths: list[str], options: SourceOptions, excludes: tuple[str, ...] = ()) -> Iterator[SourceResult]:
    """One result per unit (template, plan, Terraform root module), in a stable order;
    per-file problems are carried in each result's ``errors``."""
    inputs = discover(paths, excludes)
    if inputs.errors:
        yield SourceResult(errors=list(inputs.errors))
    for path in inputs.documents:
        result = read_document(path, options, path in inputs.explicit)
        if result is not None:
            yield result
    if inputs.terraform_dirs:
        from mlsec.sources.terraform import load_module

        for directory in _root_modules(inputs.terraform_dirs):
            yield load_module(directory, options)


def read_document(path: str, options: SourceOptions, explicit: bool = False) -> SourceResult | None:
    """A YAML/JSON file: a Terraform plan, a CloudFormation template, or neither (None;
    an error saying why when the file was named ``explicit``-ly on the command line)."""
    try:
        size = os.path.getsize(path)
        if size > options.max_file_bytes:
            message = f"the file is {size:,} bytes, over the {options.max_file_bytes:,}-byte limit (--max-file-size)"
            return SourceResult(errors=[ScanError(path, message + "; skipped", kind="limit")])
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return SourceResult(errors=[ScanError(path, f"cannot read file: {exc.strerror or exc}", kind="read")])
    if b'"format_version"' in data[:4096] or (b'"planned_values"' in data and b'"format_version"' in data):
        plan = _read_plan(path, data, options)
        if plan is not None:
            return plan
    from mlsec.sources.cloudformation import load_template

    result = load_template(path, options, data)
    if result is None and explicit:
        return SourceResult(errors=[ScanError(path, why_not_scannable(data), kind="unsupported")])
    return result


def _read_plan(path: str, data: bytes, options: SourceOptions) -> SourceResult | None:
    from mlsec.sources.terraform.plan import is_plan, load_plan

    try:
        doc = json.loads(data)
    except RecursionError:  # the C decoder stops at the interpreter's recursion limit
        if b'"planned_values"' not in data:
            return None
        return SourceResult(errors=[ScanError(path, "the plan JSON nests more deeply than Python's JSON reader "
                                                    "allows (about 1000 levels); the file was not read", kind="limit")])
    except ValueError:
        return None
    if not is_plan(doc):
        return None
    result = load_plan(path, doc, options)
    result.secrets |= plan_secrets(doc)
    return result


def _root_modules(dirs: list[str]) -> list[str]:
    """Folders with .tf files that are not called as a local module by another scanned folder."""
    called: set[str] = set()
    real = {d: os.path.realpath(d) for d in dirs}
    for d in dirs:
        called.update(_local_module_calls(d))
    return [d for d in dirs if real[d] not in called]


def _local_module_calls(directory: str) -> set[str]:
    import re

    out = set()
    pattern = re.compile(r'source\s*=\s*"(\.{1,2}/[^"]*)"')
    try:
        names = os.listdir(directory)
    except OSError:
        return out
    for name in names:
        if name.endswith(".tf"):
            try:
                with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            except OSError:
                continue
            for match in pattern.finditer(text):
                out.add(os.path.realpath(os.path.join(directory, match.group(1))))
    return out


def build_models(raws: Iterable[RawResource]) -> list[Resource]:
    models = []
    for raw in raws:
        cls = model_for(raw.type)
        if cls is not None:
            models.append(build_resource(cls, raw))
    return models


def scan(paths: list[str], rules: list[Rule], options: SourceOptions | None = None,
         settings: Settings | None = None, excludes: tuple[str, ...] = (), jobs: int | None = None,
         file_timeout: float | None = None) -> ScanResult:
    """Scan files and folders. Units (templates, plans, Terraform root modules) are
    independent, so with ``jobs`` > 1 they are parsed and evaluated in worker processes;
    the result is the same as in one process. A unit that takes longer than
    ``file_timeout`` seconds is abandoned with a ``limit`` error."""
    options = options or SourceOptions()
    settings = settings or Settings()
    started = time.perf_counter()
    result = ScanResult(targets=list(paths), started_at=now_iso(), rules=list(rules))
    inputs = discover(paths, excludes)
    result.errors.extend(inputs.errors)
    options = _with_parameter_files(options, result.errors)
    secrets = frozenset(environment_secrets())
    tasks = [("document", p, p in inputs.explicit) for p in inputs.documents]
    tasks += [("terraform", d, False) for d in _root_modules(inputs.terraform_dirs)]
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs > 1 and len(tasks) >= _PARALLEL_MIN_TASKS:
        _scan_parallel(result, tasks, rules, options, settings, jobs, file_timeout, secrets)
    else:
        for task in tasks:
            _merge(result, _run_task(task, rules, options, settings, file_timeout, secrets), rules)
    Redactor(secrets).errors(result.errors)  # messages made outside units (discovery, parameter files)
    result.finished_at = now_iso()
    result.duration_s = round(time.perf_counter() - started, 3)
    return result


def _with_parameter_files(options: SourceOptions, errors: list[ScanError]) -> SourceOptions:
    """Read CloudFormation parameter files once (not once per template); --param wins."""
    if not options.cfn_parameter_files:
        return options
    from dataclasses import replace

    from mlsec.sources.cloudformation import load_parameter_files

    values, problems = load_parameter_files(options.cfn_parameter_files)
    errors.extend(problems)
    return replace(options, cfn_parameters={**values, **options.cfn_parameters}, cfn_parameter_files=[])


_PARALLEL_MIN_TASKS = 64  # below this, starting workers costs more than it saves
_worker_state: tuple | None = None


def _read_task(task: tuple[str, str, bool], options: SourceOptions) -> SourceResult | None:
    kind, path, explicit = task
    if kind == "document":
        return read_document(path, options, explicit)
    from mlsec.sources.terraform import load_module

    return load_module(path, options)


def _run_task(task: tuple[str, str, bool], rules: list[Rule], options: SourceOptions, settings: Settings,
              file_timeout: float | None = None, secrets: frozenset[str] = frozenset()) -> ScanResult:
    """Read and evaluate one unit within its time budget; an unexpected failure or an
    expired budget becomes an error entry for it, and none of its findings are kept."""
    part = ScanResult(targets=[], started_at="")
    try:
        with time_budget(file_timeout):
            source = _read_task(task, options)
            if source is not None:
                evaluate(part, source, rules, settings, release=True, secrets=secrets)
    except UnitTimeout:
        part = ScanResult(targets=[], started_at="")
        part.errors.append(ScanError(task[1], f"scanning took longer than the {file_timeout:g}-second budget per "
                                              "file (--file-timeout); it was abandoned and has no findings",
                                     kind="limit"))
    except RecursionError:
        part = ScanResult(targets=[], started_at="")
        part.errors.append(ScanError(task[1], "the input nests too deeply to evaluate", kind="limit"))
    except Exception as exc:  # noqa: BLE001 -- one bad input must not stop the scan
        part.errors.append(ScanError(task[1], f"internal error while scanning: {type(exc).__name__}: {exc}",
                                     kind="internal"))
    return part


def _merge(result: ScanResult, part: ScanResult, rules: list[Rule]) -> None:
    result.findings.extend(part.findings)
    result.errors.extend(part.errors)
    result.files.extend(part.files)
    result.resources += part.resources


def _scan_parallel(result: ScanResult, tasks: list, rules: list[Rule], options: SourceOptions, settings: Settings,
                   jobs: int, file_timeout: float | None = None, secrets: frozenset[str] = frozenset()) -> None:
    import multiprocessing

    global _worker_state
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: stay in one process
        for task in tasks:
            _merge(result, _run_task(task, rules, options, settings, file_timeout, secrets), rules)
        return
    _worker_state = (rules, options, settings, file_timeout, secrets)
    by_id = {r.id: r for r in rules}
    size = max(1, min(64, len(tasks) // (jobs * 8)))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    try:
        for packed in _run_chunks(context, jobs, chunks):
            files, errors, resources, findings = packed
            result.files.extend(files)
            result.errors.extend(errors)
            result.resources += resources
            result.findings.extend(Finding(by_id[rid], identity, verdict, cached_fingerprint=fingerprint)
                                   for rid, identity, verdict, fingerprint in findings)
    finally:
        _worker_state = None


def _run_chunks(context, jobs: int, chunks: list[list]) -> list[tuple]:
    """``_work`` of every chunk, in order, in worker processes.

    A worker can die without a Python exception: a crash in C code, or the kernel's
    out-of-memory killer on a huge input. multiprocessing.Pool would then wait for its
    result for ever; a ProcessPoolExecutor reports itself broken instead. The chunks
    that did not finish are run again one unit per task in a new pool, and a unit that
    still cannot finish is run alone: if it kills that process too, it gets an error.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    def run_all(work: list[tuple[int, list]]) -> tuple[dict[int, tuple], list[tuple[int, list]]]:
        done, failed = {}, []
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            futures = []
            for key, chunk in work:
                try:
                    futures.append((key, chunk, pool.submit(_work, chunk)))
                except BrokenProcessPool:  # a worker died while the rest was being queued
                    futures.append((key, chunk, None))
            for key, chunk, future in futures:
                try:
                    if future is None:
                        raise BrokenProcessPool()
                    done[key] = future.result()
                except BrokenProcessPool:
                    failed.append((key, chunk))
        return done, failed

    results, failed = run_all(list(enumerate(chunks)))
    # Each unit of an unfinished chunk on its own, keyed (chunk, position) to keep the order.
    units: dict[tuple[int, int], tuple] = {}
    pending = [((key, i), [task]) for key, chunk in failed for i, task in enumerate(chunk)]
    while pending:
        done, still = run_all(pending)
        units.update(done)
        if len(still) == len(pending):  # no progress: the first one is the likely culprit
            key, chunk = still.pop(0)
            units[key] = _run_alone(context, chunk[0])
        pending = still
    return [results[key] if key in results else _combine([units[(key, i)] for i in range(len(chunk))])
            for key, chunk in enumerate(chunks)]


def _combine(parts: list[tuple]) -> tuple:
    files, errors, resources, findings = [], [], 0, []
    for part_files, part_errors, part_resources, part_findings in parts:
        files += part_files
        errors += part_errors
        resources += part_resources
        findings += part_findings
    return files, errors, resources, findings


def _run_alone(context, task: tuple[str, str, bool]) -> tuple:
    """One unit in a process of its own; an error entry if that process dies."""
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_work_to_pipe, args=([task], sender))
    process.start()
    sender.close()
    try:
        packed = receiver.recv()
    except EOFError:
        packed = None
    process.join()
    if packed is not None:
        return packed
    code = process.exitcode
    how = f"was killed by signal {signal.Signals(-code).name}" if code and code < 0 else f"exited with code {code}"
    message = (f"the worker process scanning it {how} (a crash, or the system ran out of memory); "
               "it has no findings")
    return ([], [ScanError(task[1], message, kind="internal")], 0, [])


def _work_to_pipe(chunk: list[tuple[str, str, bool]], sender) -> None:
    sender.send(_work(chunk))
    sender.close()


def _work(chunk: list[tuple[str, str, bool]]) -> tuple:
    """In a worker: evaluate a chunk of units and send back picklable results."""
    rules, options, settings, file_timeout, secrets = _worker_state  # type: ignore[misc]
    out = ScanResult(targets=[], started_at="")
    for task in chunk:
        _merge(out, _run_task(task, rules, options, settings, file_timeout, secrets), rules)
    return (out.files, out.errors, out.resources,
            [(f.rule.id, f.resource, f.verdict, f.fingerprint) for f in out.findings])


_units_since_collect = 0


def evaluate(result: ScanResult, source: SourceResult, rules: list[Rule], settings: Settings,
             release: bool = False, secrets: frozenset[str] = frozenset()) -> None:
    """Map raw resources to the model, run the rules, and record everything in ``result``.

    Units are independent in IaC, so a scan evaluates one at a time; with ``release`` the
    property trees are dropped afterwards (findings keep identities, messages and
    evidence), which keeps memory flat however many files are scanned. The unit's
    secrets (``source.secrets``) and ``secrets`` are masked in what it adds to ``result``.
    """
    models = build_models(source.resources)
    units = scan_units(source.resources)  # what unit-wide checks (MLS601) report on; not counted as resources
    graph = Graph(models + units)
    first_finding, first_error = len(result.findings), len(result.errors)
    result.errors.extend(source.errors)
    result.files.extend(source.files)
    result.resources += len(models)
    result.findings.extend(run_rules(rules, graph, settings, result.errors))
    if source.secrets or secrets:
        redactor = Redactor(source.secrets | secrets)
        redactor.findings(result.findings[first_finding:])
        redactor.errors(result.errors[first_error:])
    if release:
        for model in models:
            model.release()
        # The sources unlink their own reference cycles, so memory is freed by reference
        # counting; a young-generation pass now and then catches any cycle that slips
        # through without walking every unit's objects.
        global _units_since_collect
        _units_since_collect += 1
        if _units_since_collect >= 64:
            _units_since_collect = 0
            gc.collect(0)
