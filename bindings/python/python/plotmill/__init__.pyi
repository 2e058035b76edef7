from os import PathLike
from typing import Any, Literal, Mapping, Optional, Sequence, Tuple, Union

class PlotmillError(Exception): ...
class DataError(PlotmillError, ValueError): ...
class OptionError(PlotmillError, TypeError): ...
class OutputError(PlotmillError, OSError): ...
class PlotmillWarning(UserWarning): ...

MAX_PIXELS: int
_Path = Union[str, "PathLike[str]"]
_Color = Union[str, Tuple[float, float, float], Tuple[float, float, float, float]]

def heatmap(data: Any, path: Optional[_Path] = ..., *, vmin: Optional[float] = ..., vmax: Optional[float] = ...,
            cmap: Optional[str] = ..., center: Optional[float] = ..., robust: bool = ..., annot: Any = ..., fmt: str = ...,
            annot_kws: Optional[Mapping[str, Any]] = ..., linewidths: float = ..., linecolor: _Color = ..., cbar: bool = ...,
            cbar_kws: Optional[Mapping[str, Any]] = ..., square: bool = ..., xticklabels: Union[Literal["auto"], bool, int, Sequence[str]] = ...,
            yticklabels: Union[Literal["auto"], bool, int, Sequence[str]] = ..., mask: Any = ..., figsize: Tuple[float, float] = ...,
            dpi: float = ..., title: Optional[str] = ..., max_columns: int = ...,
            format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def scatter_matrix(data: Any, path: Optional[_Path] = ..., *, figsize: Tuple[float, float] = ..., dpi: float = ...,
                   s: float = ..., color: _Color = ..., alpha: float = ...,
                   diagonal: Literal["scatter", "hist", "kde"] = ..., ticks: bool = ..., title: Optional[str] = ...,
                   max_columns: int = ..., format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def histplot(data: Any, path: Optional[_Path] = ..., *, x: str, hue: Optional[str] = ...,
             hue_order: Optional[Sequence[str]] = ..., palette: Optional[str] = ..., color: Optional[_Color] = ...,
             stat: Literal["count", "frequency", "probability", "proportion", "percent", "density"] = ...,
             bins: Union[int, str] = ..., binwidth: Optional[float] = ..., binrange: Optional[Tuple[float, float]] = ...,
             discrete: Optional[bool] = ..., cumulative: bool = ..., common_bins: bool = ..., common_norm: bool = ...,
             multiple: Literal["layer", "stack", "dodge", "fill"] = ..., element: Literal["bars", "step", "poly"] = ...,
             fill: bool = ..., shrink: float = ..., kde: bool = ..., log_scale: bool = ..., alpha: Optional[float] = ...,
             legend: bool = ..., figsize: Tuple[float, float] = ..., dpi: float = ..., layout: Optional[Literal["none", "tight", "constrained"]] = ...,
             title: Optional[str] = ..., format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def boxplot(data: Any, path: Optional[_Path] = ..., *, x: Optional[str] = ..., y: Optional[str] = ...,
            hue: Optional[str] = ..., order: Optional[Sequence[Any]] = ..., hue_order: Optional[Sequence[Any]] = ...,
            orient: Optional[Literal["x", "y", "v", "h"]] = ..., color: Optional[_Color] = ...,
            palette: Any = ..., saturation: float = ..., fill: bool = ...,
            dodge: Union[bool, Literal["auto"]] = ..., width: float = ..., gap: float = ...,
            whis: Union[float, Tuple[float, float]] = ..., linecolor: Optional[_Color] = ...,
            linewidth: Optional[float] = ..., fliersize: Optional[float] = ..., showfliers: bool = ...,
            hue_norm: Optional[Tuple[float, float]] = ..., log_scale: bool = ...,
            legend: Union[bool, Literal["auto"]] = ..., figsize: Tuple[float, float] = ..., dpi: float = ...,
            layout: Optional[Literal["none", "tight", "constrained"]] = ..., title: Optional[str] = ...,
            format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def violinplot(data: Any, path: Optional[_Path] = ..., *, x: Optional[str] = ..., y: Optional[str] = ...,
               hue: Optional[str] = ..., order: Optional[Sequence[Any]] = ..., hue_order: Optional[Sequence[Any]] = ...,
               orient: Optional[Literal["x", "y", "v", "h"]] = ..., color: Optional[_Color] = ...,
               palette: Any = ..., saturation: float = ..., fill: bool = ...,
               inner: Optional[Literal["box", "quart", "stick", "point"]] = ..., split: bool = ...,
               width: float = ..., dodge: Union[bool, Literal["auto"]] = ..., gap: float = ...,
               linewidth: Optional[float] = ..., linecolor: Optional[_Color] = ..., cut: float = ...,
               gridsize: int = ..., bw_method: Union[Literal["scott", "silverman"], float] = ...,
               bw_adjust: float = ..., density_norm: Literal["area", "count", "width"] = ...,
               common_norm: bool = ..., hue_norm: Optional[Tuple[float, float]] = ..., log_scale: bool = ...,
               legend: Union[bool, Literal["auto"]] = ..., figsize: Tuple[float, float] = ..., dpi: float = ...,
               layout: Optional[Literal["none", "tight", "constrained"]] = ..., title: Optional[str] = ...,
               format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def stripplot(data: Any, path: Optional[_Path] = ..., *, x: Optional[str] = ..., y: Optional[str] = ...,
              hue: Optional[str] = ..., order: Optional[Sequence[Any]] = ..., hue_order: Optional[Sequence[Any]] = ...,
              jitter: Union[bool, float] = ..., dodge: bool = ..., orient: Optional[Literal["x", "y", "v", "h"]] = ...,
              color: Optional[_Color] = ..., palette: Any = ..., size: float = ..., edgecolor: Optional[_Color] = ...,
              linewidth: float = ..., hue_norm: Optional[Tuple[float, float]] = ..., log_scale: bool = ...,
              legend: Union[bool, Literal["auto"]] = ..., seed: int = ..., figsize: Tuple[float, float] = ...,
              dpi: float = ..., layout: Optional[Literal["none", "tight", "constrained"]] = ...,
              title: Optional[str] = ..., format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def swarmplot(data: Any, path: Optional[_Path] = ..., *, x: Optional[str] = ..., y: Optional[str] = ...,
              hue: Optional[str] = ..., order: Optional[Sequence[Any]] = ..., hue_order: Optional[Sequence[Any]] = ...,
              dodge: bool = ..., orient: Optional[Literal["x", "y", "v", "h"]] = ...,
              color: Optional[_Color] = ..., palette: Any = ..., size: float = ..., edgecolor: Optional[_Color] = ...,
              linewidth: float = ..., hue_norm: Optional[Tuple[float, float]] = ..., log_scale: bool = ...,
              legend: Union[bool, Literal["auto"]] = ..., warn_thresh: float = ..., figsize: Tuple[float, float] = ...,
              dpi: float = ..., layout: Optional[Literal["none", "tight", "constrained"]] = ...,
              title: Optional[str] = ..., format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def lineplot(data: Any, path: Optional[_Path] = ..., *, x: str, y: str, date_format: Optional[str] = ...,
             style: Optional[str] = ..., style_order: Optional[Sequence[Any]] = ...,
             dashes: Union[bool, Sequence[Any], Mapping[Any, Any]] = ...,
             markers: Union[None, bool, Sequence[Any], Mapping[Any, Any]] = ...,
             marker: Union[None, str, Tuple[float, ...]] = ..., markersize: float = ...,
             units: Optional[str] = ...,
             hue: Optional[str] = ...,
             hue_order: Optional[Sequence[Any]] = ..., palette: Any = ..., hue_norm: Optional[Tuple[float, float]] = ...,
             color: Optional[_Color] = ..., estimator: Optional[Literal["mean", "median", "sum", "min", "max"]] = ...,
             errorbar: Union[None, Literal["ci", "pi", "se", "sd"], Tuple[str, float]] = ..., n_boot: int = ...,
             seed: int = ..., sort: bool = ..., linewidth: float = ..., legend: Union[bool, Literal["auto"]] = ...,
             figsize: Tuple[float, float] = ..., dpi: float = ...,
             layout: Optional[Literal["none", "tight", "constrained"]] = ..., title: Optional[str] = ...,
             format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def clustermap(data: Any, path: Optional[_Path] = ..., *, method: str = ..., metric: str = ...,
               z_score: Optional[int] = ..., standard_scale: Optional[int] = ...,
               figsize: Tuple[float, float] = ..., cbar_kws: Optional[Mapping[str, Any]] = ...,
               row_cluster: bool = ..., col_cluster: bool = ..., row_colors: Any = ...,
               col_colors: Any = ..., dendrogram_ratio: Any = ..., colors_ratio: Any = ...,
               cbar_pos: Optional[Tuple[float, float, float, float]] = ...,
               tree_kws: Optional[Mapping[str, Any]] = ..., cmap: Optional[str] = ...,
               vmin: Optional[float] = ..., vmax: Optional[float] = ..., center: Optional[float] = ...,
               robust: bool = ..., annot: bool = ..., fmt: str = ..., linewidths: float = ...,
               linecolor: _Color = ..., xticklabels: Any = ..., yticklabels: Any = ...,
               corr: bool = ..., corr_method: Literal["pearson", "spearman", "kendall"] = ...,
               palette: Any = ..., dropna: bool = ..., dpi: float = ...,
               layout: Optional[Literal["none", "tight", "constrained"]] = ...,
               format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def pointplot(data: Any, path: Optional[_Path] = ..., *, x: Optional[str] = ..., y: Optional[str] = ...,
              hue: Optional[str] = ..., order: Optional[Sequence[Any]] = ..., hue_order: Optional[Sequence[Any]] = ...,
              estimator: Literal["mean", "median", "sum", "min", "max"] = ...,
              errorbar: Union[None, Literal["ci", "pi", "se", "sd"], Tuple[str, float]] = ...,
              n_boot: int = ..., seed: int = ..., color: Optional[_Color] = ..., palette: Any = ...,
              hue_norm: Optional[Tuple[float, float]] = ..., dodge: Union[bool, float] = ...,
              log_scale: bool = ..., orient: Optional[Literal["x", "y", "v", "h"]] = ..., capsize: float = ...,
              linewidth: float = ..., markers: Any = ..., linestyles: Any = ..., legend: Union[bool, Literal["auto"]] = ...,
              figsize: Tuple[float, float] = ..., dpi: float = ...,
              layout: Optional[Literal["none", "tight", "constrained"]] = ..., title: Optional[str] = ...,
              format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def barplot(data: Any, path: Optional[_Path] = ..., *, x: Optional[str] = ..., y: Optional[str] = ...,
            hue: Optional[str] = ..., order: Optional[Sequence[Any]] = ..., hue_order: Optional[Sequence[Any]] = ...,
            estimator: Literal["mean", "median", "sum", "min", "max"] = ...,
            errorbar: Union[None, Literal["ci", "pi", "se", "sd"], Tuple[str, float]] = ...,
            n_boot: int = ..., seed: int = ..., orient: Optional[Literal["x", "y", "v", "h"]] = ...,
            color: Optional[_Color] = ..., palette: Any = ..., saturation: float = ..., fill: bool = ...,
            hue_norm: Optional[Tuple[float, float]] = ..., width: float = ...,
            dodge: Union[bool, Literal["auto"]] = ..., gap: float = ..., log_scale: bool = ...,
            legend: Union[bool, Literal["auto"]] = ..., capsize: float = ...,
            figsize: Tuple[float, float] = ..., dpi: float = ...,
            layout: Optional[Literal["none", "tight", "constrained"]] = ..., title: Optional[str] = ...,
            format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def countplot(data: Any, path: Optional[_Path] = ..., *, x: Optional[str] = ..., y: Optional[str] = ...,
              hue: Optional[str] = ..., order: Optional[Sequence[Any]] = ..., hue_order: Optional[Sequence[Any]] = ...,
              orient: Optional[Literal["x", "y", "v", "h"]] = ..., color: Optional[_Color] = ...,
              palette: Any = ..., saturation: float = ..., fill: bool = ...,
              hue_norm: Optional[Tuple[float, float]] = ...,
              stat: Literal["count", "percent", "probability", "proportion"] = ..., width: float = ...,
              dodge: Union[bool, Literal["auto"]] = ..., gap: float = ..., log_scale: bool = ...,
              legend: Union[bool, Literal["auto"]] = ..., figsize: Tuple[float, float] = ..., dpi: float = ...,
              layout: Optional[Literal["none", "tight", "constrained"]] = ..., title: Optional[str] = ...,
              format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def kdeplot(data: Any, path: Optional[_Path] = ..., *, x: str, hue: Optional[str] = ...,
            hue_order: Optional[Sequence[str]] = ..., palette: Optional[str] = ..., color: Optional[_Color] = ...,
            bw_method: Union[Literal["scott", "silverman"], float] = ..., bw_adjust: float = ..., cut: float = ...,
            clip: Optional[Tuple[float, float]] = ..., gridsize: int = ..., common_norm: bool = ...,
            common_grid: bool = ..., multiple: Literal["layer", "stack", "fill"] = ..., fill: Optional[bool] = ...,
            alpha: Optional[float] = ..., linewidth: Optional[float] = ..., legend: bool = ..., figsize: Tuple[float, float] = ...,
            dpi: float = ..., layout: Optional[Literal["none", "tight", "constrained"]] = ...,
            title: Optional[str] = ..., format: Optional[Literal["png", "svg", "pdf"]] = ...) -> Optional[bytes]: ...
def corr(data: Any, method: Literal["pearson", "spearman", "kendall"] = ..., min_periods: int = ...) -> Any: ...
def batch(jobs: Sequence[Mapping[str, Any]], out: _Path, workers: Optional[int] = ..., progress: bool = ...) -> dict: ...
