"""Live-scan benchmark: a moto server on 127.0.0.1 seeded with N ML resources in each of
four regions, scanned for one region and for all four (wall time, API calls).

    python bench/live_bench.py [N]      # N resources per region (default 60)

Targets (issue #4): four regions take at most twice the time of one, and API calls grow
linearly with resources (no per-rule calls). Not a timed test: run it by hand.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"]
ENV = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
       "MOTO_ACCOUNT_ID": "123456789012"}


def start_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            env={**os.environ, **ENV}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("moto server did not start")


def seed(session, region: str, count: int) -> None:
    """count resources: a quarter each of notebooks, models, endpoint configs, endpoints."""
    sm = session.client("sagemaker", region_name=region)
    role = "arn:aws:iam::123456789012:role/bench"
    for i in range(count // 4):
        sm.create_notebook_instance(NotebookInstanceName=f"nb-{i}", InstanceType="ml.t3.medium", RoleArn=role)
        sm.create_model(ModelName=f"model-{i}", ExecutionRoleArn=role,
                        PrimaryContainer={"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1",
                                          "ModelDataUrl": f"s3://sagemaker-bench-{region}/m{i}.tar.gz"})
        sm.create_endpoint_config(EndpointConfigName=f"config-{i}", ProductionVariants=[
            {"VariantName": "v", "ModelName": f"model-{i}", "InitialInstanceCount": 1 + i % 2,
             "InstanceType": "ml.m5.large"}])
        sm.create_endpoint(EndpointName=f"endpoint-{i}", EndpointConfigName=f"config-{i}")


def timed_scan(regions: list[str]) -> tuple[float, int, int]:
    from mlsec.sources.aws.collect import LiveOptions
    from mlsec.sources.aws.scanner import scan_live

    start = time.perf_counter()
    result = scan_live(LiveOptions(regions=regions, max_attempts=2))
    return time.perf_counter() - start, sum(result.stats.calls.values()), len(result.source.resources)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    proc, url = start_server()
    os.environ.update({**ENV, "AWS_ENDPOINT_URL": url})
    try:
        import boto3

        session = boto3.Session(region_name="us-east-1")
        started = time.perf_counter()
        for region in REGIONS:
            seed(session, region, count)
        print(f"seeded {count} resources in each of {len(REGIONS)} regions in {time.perf_counter() - started:.1f}s")
        timed_scan(REGIONS[:1])  # warm-up: botocore service models, server backends
        one = timed_scan(REGIONS[:1])
        four = timed_scan(REGIONS)
        for label, (wall, calls, resources) in (("1 region ", one), ("4 regions", four)):
            print(f"{label}: {wall:6.2f}s  {calls:5d} API calls  {resources:5d} resources")
        print(f"time ratio 4/1: {four[0] / one[0]:.2f} (target <= 2)   calls ratio: {four[1] / one[1]:.2f}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
