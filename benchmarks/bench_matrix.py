"""Benchmark: OSM drive matrices on the Rutland county extract, against the networkx loop osmnx users write.

Protocol
--------
* Network: `../shared/benchmarks/osm/rutland-latest.osm.pbf` (the script says so and exits 0 when it is
  absent), drive profile, clipped to the extract's building extent plus the default 2 km buffer. The
  build time covers the pyrosm parse, timing every edge and the largest strongly connected component.
* Locations: centroids of real buildings (pyrosm `get_buildings`), a seeded sample (seed 1); the
  1,000-location set is the first 1,000 of the 3,000.
* Ours: `build_osm_matrix` (snap, contract, one multi-source scipy Dijkstra, metres along the fastest
  paths, door legs, TravelMatrix checks): median and best of `--repeats` runs, after the network is
  built, cache not used. Peak memory: tracemalloc peak over one more run (numpy's buffers included),
  plus the process's maximum resident set at the end.
* Peer: the loop osmnx users write, `nx.single_source_dijkstra_path_length(G, origin, weight="time")`
  per origin location on a networkx DiGraph of the same arcs, then reading the row's targets. It
  computes times only (no metres), which favours it. Up to `--nx-full` locations every origin is
  timed; above that a seeded sample of `--nx-sample` origins is timed and scaled linearly (the table
  says so). The sampled rows are compared with ours (node to node) as a correctness check.

Usage: .venv/bin/python benchmarks/bench_matrix.py [--sizes 1000,3000] [--repeats 3] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
from shapely.geometry import box

from rostering.domain import Position
from rostering.travel.geo import buffer_lonlat
from rostering.travel.network import RoadNetwork, build_road_network
from rostering.travel.osm_matrix import build_osm_matrix
from rostering.travel.settings import MatrixSettings
from rostering.travel.snapping import snap_locations
from rostering.travel.sources import PbfSource

HERE = Path(__file__).resolve().parent
EXTRACT = HERE.parent / ".." / "shared" / "benchmarks" / "osm" / "rutland-latest.osm.pbf"
RESULTS = HERE / "RESULTS.md"
BEGIN, END = "<!-- matrix:rutland:begin -->", "<!-- matrix:rutland:end -->"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def building_locations(path: Path, count: int, seed: int) -> list[Position]:
    import pyrosm

    buildings = pyrosm.OSM(str(path)).get_buildings()
    points = buildings.geometry.representative_point()
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(points), size=min(count, len(points)), replace=False)
    lon, lat = points.x.to_numpy()[pick], points.y.to_numpy()[pick]
    return [
        Position(location_id=f"client:B{i:05d}", lat=float(lat[i]), lon=float(lon[i]))
        for i in range(len(pick))
    ]


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds). Both are single-threaded here, so CPU time is what an idle machine
    would show as wall time; on a shared, loaded machine the wall time also counts waiting for a core."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def peak_mib(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def networkx_loop(
    network: RoadNetwork, locations: list[Position], settings: MatrixSettings, sample: int | None, seed: int
) -> tuple[float, float, int, float]:
    """(CPU s, wall s for all origins, origins timed, max |difference| from ours on the timed rows)."""
    import networkx as nx

    g = nx.DiGraph()
    a = network.arcs
    g.add_weighted_edges_from(
        zip(a.src.tolist(), a.dst.tolist(), a.time_s.tolist(), strict=True), weight="time"
    )
    nodes = snap_locations(network, locations, settings).node.tolist()
    origins = list(range(len(locations)))
    if sample is not None and sample < len(origins):
        origins = sorted(
            np.random.default_rng(seed).choice(len(origins), size=sample, replace=False).tolist()
        )
    rows: dict[int, list[float]] = {}

    def loop() -> None:
        for i in origins:
            lengths = nx.single_source_dijkstra_path_length(g, nodes[i], weight="time")
            rows[i] = [lengths.get(t, float("inf")) for t in nodes]

    cpu, wall = (x * len(locations) / len(origins) for x in timed(loop))
    matrix, _ = build_osm_matrix(network, locations, settings)
    snapped = snap_locations(network, locations, settings)
    worst = 0.0
    for i, row in rows.items():
        ours = matrix.seconds[i] - snapped.seconds[i] - snapped.seconds
        same = np.array(nodes) == nodes[i]
        diff = np.abs(np.where(same, 0.0, ours - np.array(row)))
        diff[i] = 0.0
        worst = max(worst, float(diff.max()))
    return cpu, wall, len(origins), worst


def write_block(text: str) -> None:
    content = RESULTS.read_text(encoding="utf-8")
    if BEGIN not in content or END not in content:
        print(f"note: {RESULTS} has no {BEGIN} block; not written", file=sys.stderr)
        return
    head, rest = content.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    RESULTS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--nx-full", type=int, default=1000, help="time every networkx origin up to this size"
    )
    parser.add_argument("--nx-sample", type=int, default=300, help="networkx origins timed above --nx-full")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args()
    if not EXTRACT.is_file():
        print(f"skipped: {EXTRACT} not found (the shared benchmark data is not checked out)")
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    settings = MatrixSettings()
    all_locations = building_locations(EXTRACT, max(sizes), args.seed)

    lat = np.array([loc.lat for loc in all_locations])
    lon = np.array([loc.lon for loc in all_locations])
    area = buffer_lonlat(box(lon.min(), lat.min(), lon.max(), lat.max()), settings.buffer_m)
    source = PbfSource(EXTRACT)
    cpu, wall = time.process_time(), time.perf_counter()
    raw = source.read("drive", area)
    parse_cpu = time.process_time() - cpu
    network = build_road_network(raw, "drive", settings, source.describe())
    main_nodes = int(network.main_component.sum())
    build_cpu, build_wall = time.process_time() - cpu, time.perf_counter() - wall

    rows = []
    for size in sizes:
        locations = all_locations[:size]
        _, report = build_osm_matrix(network, locations, settings)  # warm-up, and the figures
        build = functools.partial(build_osm_matrix, network, locations, settings)
        runs = [timed(build) for _ in range(args.repeats)]
        peak = peak_mib(build)
        sample = None if size <= args.nx_full else args.nx_sample
        nx_cpu, nx_wall, nx_origins, worst = networkx_loop(network, locations, settings, sample, args.seed)
        ours_cpu = statistics.median(r[0] for r in runs)
        ours_wall = statistics.median(r[1] for r in runs)
        rows.append((size, report, ours_cpu, ours_wall, peak, nx_cpu, nx_wall, nx_origins, worst))
        print(
            f"{size}: ours {ours_cpu:.2f} s CPU ({ours_wall:.2f} wall), "
            f"networkx {nx_cpu:.1f} s CPU, {peak:.0f} MiB"
        )
    maxrss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import networkx
    import scipy

    lines = [
        f"Machine: {cpu_model()}, {os.cpu_count()} cores; {dt.date.today().isoformat()}; Python "
        f"{platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, networkx "
        f"{networkx.__version__}.",
        "",
        f"Network build (pyrosm parse {parse_cpu:.2f} s CPU + timing + largest SCC): "
        f"**{build_cpu:.2f} s CPU** ({build_wall:.2f} s wall); "
        f"{network.n_nodes:,} nodes, {len(network.arcs):,} arcs, {main_nodes:,} nodes in the largest "
        f"strongly connected component.",
        "",
        "| locations | snapped nodes | nodes after contraction | ours s CPU (wall) | networkx loop s CPU "
        "(wall) | speed-up (CPU) | peak MiB (tracemalloc) | max snap m | max abs diff s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, report, ours_cpu, ours_wall, peak, nx_cpu, nx_wall, nx_origins, worst in rows:
        how = "" if nx_origins == size else f", extrapolated from {nx_origins} origins"
        lines.append(
            f"| {size:,} | {report.snapped_nodes:,} | {report.contracted_nodes:,} | {ours_cpu:.2f} "
            f"({ours_wall:.2f}) | {nx_cpu:.1f} ({nx_wall:.1f}{how}) | {nx_cpu / ours_cpu:.0f}x | {peak:.0f} "
            f"| {report.max_snap_m:,.0f} | {worst:.1e} |"
        )
    lines += [
        "",
        f"Process peak resident memory over the whole run (parse, both sizes, networkx graph): "
        f"{maxrss_mib:,.0f} MiB. Timings are medians of {args.repeats} runs; CPU time is the figure to "
        "read (every matrix step is single-threaded, so it is the wall time of an idle machine; the wall "
        "time in brackets also counts waiting for a core on this shared machine). Targets: 3,000 x 3,000 "
        "under 3 s after the network is built, peak under 2 GiB, at least 20x the networkx loop.",
    ]
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        write_block(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
