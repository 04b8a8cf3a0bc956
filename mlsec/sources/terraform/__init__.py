"""Terraform HCL source: a folder of .tf files evaluated as one root module.

``load_module`` reads the folder, evaluates variables, locals, expressions, modules and
count/for_each, and returns one RawResource per managed resource instance. Problems
with single files are returned as ScanErrors; nothing is raised.
"""

from __future__ import annotations

from mlsec.sources.base import ScanError, SourceOptions, SourceResult


def load_module(directory: str, options: SourceOptions, files: list[str] | None = None) -> SourceResult:
    """Evaluate the root module in ``directory`` (optionally only the given .tf ``files``)."""
    from .module import Loader, ModuleInstance
    from .secrets import module_secrets
    from .values import reset_work, work_exhausted
    from .variables import root_values

    result = SourceResult()
    reset_work()
    loader = None
    try:
        loader = Loader(directory, options, result)
        root_files = loader.module_files(directory, files)
        if root_files is None:
            result.errors.append(ScanError(directory, "cannot list the Terraform folder", "read"))
            return result
        given = root_values(directory, loader.listing(directory) or [], options, result.errors, result.files)
        root = ModuleInstance(loader, root_files, given=given)
        root.emit(result.resources, result.errors)
        result.secrets |= module_secrets(root, given)
    except RecursionError:
        result.errors.append(ScanError(directory, "the configuration is nested too deeply to evaluate", "limit"))
    except Exception as exc:  # a bug here must not stop the scan of other inputs
        result.errors.append(ScanError(directory, f"Terraform evaluation failed: {type(exc).__name__}: {exc}",
                                       "unsupported"))
    finally:
        if loader is not None:
            loader.close()
    if work_exhausted():
        result.errors.append(ScanError(directory, "the configuration needs more evaluation steps than the scan "
                                       "allows; the values that ran out are unknown", "limit"))
    return result


__all__ = ["load_module"]
