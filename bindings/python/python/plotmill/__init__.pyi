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
            format: Optional[Literal["png", "svg"]] = ...) -> Optional[bytes]: ...
def scatter_matrix(data: Any, path: Optional[_Path] = ..., *, figsize: Tuple[float, float] = ..., dpi: float = ...,
                   s: float = ..., color: _Color = ..., alpha: float = ...,
                   diagonal: Literal["scatter", "hist", "kde"] = ..., ticks: bool = ..., title: Optional[str] = ...,
                   max_columns: int = ..., format: Optional[Literal["png", "svg"]] = ...) -> Optional[bytes]: ...
def histplot(data: Any, path: Optional[_Path] = ..., *, x: str, hue: Optional[str] = ...,
             hue_order: Optional[Sequence[str]] = ..., palette: Optional[str] = ..., color: Optional[_Color] = ...,
             stat: Literal["count", "frequency", "probability", "proportion", "percent", "density"] = ...,
             bins: Union[int, str] = ..., binwidth: Optional[float] = ..., binrange: Optional[Tuple[float, float]] = ...,
             discrete: Optional[bool] = ..., cumulative: bool = ..., common_bins: bool = ..., common_norm: bool = ...,
             multiple: Literal["layer", "stack", "dodge", "fill"] = ..., element: Literal["bars", "step", "poly"] = ...,
             fill: bool = ..., shrink: float = ..., kde: bool = ..., log_scale: bool = ..., alpha: Optional[float] = ...,
             legend: bool = ..., figsize: Tuple[float, float] = ..., dpi: float = ..., layout: Optional[Literal["none", "tight", "constrained"]] = ...,
             title: Optional[str] = ..., format: Optional[Literal["png", "svg"]] = ...) -> Optional[bytes]: ...
def kdeplot(data: Any, path: Optional[_Path] = ..., *, x: str, hue: Optional[str] = ...,
            hue_order: Optional[Sequence[str]] = ..., palette: Optional[str] = ..., color: Optional[_Color] = ...,
            bw_method: Union[Literal["scott", "silverman"], float] = ..., bw_adjust: float = ..., cut: float = ...,
            clip: Optional[Tuple[float, float]] = ..., gridsize: int = ..., common_norm: bool = ...,
            common_grid: bool = ..., multiple: Literal["layer", "stack", "fill"] = ..., fill: Optional[bool] = ...,
            alpha: Optional[float] = ..., linewidth: Optional[float] = ..., legend: bool = ..., figsize: Tuple[float, float] = ...,
            dpi: float = ..., layout: Optional[Literal["none", "tight", "constrained"]] = ...,
            title: Optional[str] = ..., format: Optional[Literal["png", "svg"]] = ...) -> Optional[bytes]: ...
def corr(data: Any, method: Literal["pearson", "spearman", "kendall"] = ..., min_periods: int = ...) -> Any: ...
def batch(jobs: Sequence[Mapping[str, Any]], out: _Path, workers: Optional[int] = ..., progress: bool = ...) -> dict: ...
