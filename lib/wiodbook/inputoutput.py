"""Input-output algebra: technical coefficients, Leontief inverses, complete consumption coefficients.

Let, for one country c and year t,

- x: the output vector (the ``GO`` row of the NIOT), length n = 56;
- Z^d, Z^m: the n x n intermediate-use blocks of domestic and imported products, z_ij the
  purchases of product i by industry j;
- f^d: final use of domestic products (households, NPISH, government, investment, inventories,
  exports), so that x = Z^d 1 + f^d (every unit of domestic output is used somewhere).

Then (Miller and Blair 2009, ch. 2)

- A^d = Z^d diag(x)^-1, A^m = Z^m diag(x)^-1, A = A^d + A^m;  a_ij is the input of product i per
  unit of output of j. A column with x_j = 0 is all zeros (an industry that does not produce).
- x = A^d x + f^d, so (I - A^d) x = f^d and x = L^d f^d with L^d = (I - A^d)^-1; likewise
  L = (I - A)^-1 counts domestic and imported inputs alike.
- B = L - I and B^d = L^d - I are the complete consumption coefficients: b_ij is the direct plus
  all indirect input of i needed per unit of final output of j (a_ij + sum_k a_ik a_kj + ...).

Every function accepts either a labelled DataFrame (keeping its row and column labels) or a stack
of numpy arrays of shape (..., n, n), so the same code runs on one country-year or on all 645.
:class:`IOSystem` holds the stacked arrays of a set of NIOTs and hands back labelled frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .codes import FINAL_USE, INDUSTRIES


def _as_array(obj) -> np.ndarray:
    return obj.to_numpy(dtype=float) if isinstance(obj, (pd.DataFrame, pd.Series)) else np.asarray(obj, dtype=float)


def technical_coefficients(Z, x):
    """A = Z diag(x)^-1: input of each product per unit of each industry's output.

    Columns with x_j = 0 are set to zero (METHOD.md). ``Z`` is (..., n, n), ``x`` is (..., n);
    a DataFrame ``Z`` returns a DataFrame with the same labels.
    """
    Zv, xv = _as_array(Z), _as_array(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = np.where(xv > 0, 1.0 / np.where(xv > 0, xv, 1.0), 0.0)
    A = Zv * inv[..., None, :]
    if isinstance(Z, pd.DataFrame):
        return pd.DataFrame(A, index=Z.index, columns=Z.columns)
    return A


def leontief_inverse(A):
    """L = (I - A)^-1, the total (direct and indirect) requirements matrix.

    From x = A x + f: (I - A) x = f, so x = L f. Batched over leading axes.
    """
    Av = _as_array(A)
    n = Av.shape[-1]
    L = np.linalg.inv(np.eye(n) - Av)
    if isinstance(A, pd.DataFrame):
        return pd.DataFrame(L, index=A.index, columns=A.columns)
    return L


def complete_consumption(L):
    """B = L - I: complete consumption coefficients (direct plus all rounds of indirect inputs).

    b_ij = a_ij + sum_k a_ik a_kj + ... ; with A = 0 it is zero.
    """
    Lv = _as_array(L)
    B = Lv - np.eye(Lv.shape[-1])
    if isinstance(L, pd.DataFrame):
        return pd.DataFrame(B, index=L.index, columns=L.columns)
    return B


def output_multipliers(L):
    """Column sums of L: total output in the economy per unit of final demand for j."""
    if isinstance(L, pd.DataFrame):
        return L.sum(axis=0).rename("output_multiplier")
    return _as_array(L).sum(axis=-2)


@dataclass
class IOSystem:
    """Stacked input-output arrays of many country-years, with their labels.

    Let K be the number of country-years and n = 56 industries. Attributes:

    - ``keys``: a MultiIndex (country, year) of length K;
    - ``x`` (K, n) output; ``Zd``, ``Zm`` (K, n, n) intermediate blocks; ``fd`` (K, n) final use
      of domestic products incl. exports; ``exports`` (K, n); ``va`` (K, n) value added;
    - ``Ad``, ``Am``, ``A``, ``L``, ``Ld``, ``B``, ``Bd``: the coefficient arrays (computed on first use).
    """

    keys: pd.MultiIndex
    x: np.ndarray
    Zd: np.ndarray
    Zm: np.ndarray
    fd: np.ndarray
    exports: np.ndarray
    va: np.ndarray
    industries: tuple[str, ...] = INDUSTRIES
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_niot(cls, niot: pd.DataFrame) -> IOSystem:
        """Build the stacks from NIOTs stacked by :func:`wiodbook.wiod.load_niot`.

        ``niot`` is indexed (country, year, origin, code); a frame of one country indexed
        (year, origin, code) also works (the country is then ``attrs['country']`` or ``'?'``).
        """
        if niot.index.nlevels == 3:
            niot = pd.concat({niot.attrs.get("country", "?"): niot}, names=["country"])
        n = len(INDUSTRIES)
        keys = niot.xs("GO", level="code").index.droplevel("origin").unique()
        K = len(keys)
        block = niot.to_numpy().reshape(K, 2 * n + 8, -1)
        col = {c: i for i, c in enumerate(niot.columns)}
        ind = [col[c] for c in INDUSTRIES]
        fu = [col[c] for c in FINAL_USE]
        dom, imp = block[:, :n, :], block[:, n: 2 * n, :]
        tot = block[:, 2 * n:, :]
        x = tot[:, 7, ind]  # GO row
        return cls(
            keys=pd.MultiIndex.from_tuples(list(keys), names=["country", "year"]),
            x=x,
            Zd=dom[:, :, ind],
            Zm=imp[:, :, ind],
            fd=dom[:, :, fu].sum(axis=2),
            exports=dom[:, :, col["EXP"]],
            va=tot[:, 5, ind],
        )

    def __len__(self) -> int:
        return len(self.keys)

    def _get(self, name: str, make):
        if name not in self._cache:
            self._cache[name] = make()
        return self._cache[name]

    @property
    def Ad(self) -> np.ndarray:
        return self._get("Ad", lambda: technical_coefficients(self.Zd, self.x))

    @property
    def Am(self) -> np.ndarray:
        return self._get("Am", lambda: technical_coefficients(self.Zm, self.x))

    @property
    def A(self) -> np.ndarray:
        return self._get("A", lambda: self.Ad + self.Am)

    @property
    def L(self) -> np.ndarray:
        return self._get("L", lambda: leontief_inverse(self.A))

    @property
    def Ld(self) -> np.ndarray:
        return self._get("Ld", lambda: leontief_inverse(self.Ad))

    @property
    def B(self) -> np.ndarray:
        return self._get("B", lambda: complete_consumption(self.L))

    @property
    def Bd(self) -> np.ndarray:
        return self._get("Bd", lambda: complete_consumption(self.Ld))

    def position(self, country: str, year: int) -> int:
        try:
            return self.keys.get_loc((country, int(year)))
        except KeyError:
            raise KeyError(f"no table for country {country}, year {year} in this system") from None

    def frame(self, name: str, country: str, year: int) -> pd.DataFrame:
        """One coefficient matrix (``'A'``, ``'Ad'``, ``'L'``, ``'B'`` ...) as a labelled frame."""
        arr = getattr(self, name)[self.position(country, year)]
        labels = pd.Index(self.industries, name="code")
        if arr.ndim == 1:
            return pd.Series(arr, index=labels, name=name)
        return pd.DataFrame(arr, index=labels.rename("input"), columns=labels.rename("user"))

    def zero_output(self) -> pd.DataFrame:
        """Industries with x_j = 0 in some country-year (their A columns are set to zero)."""
        k, j = np.nonzero(self.x <= 0)
        return pd.DataFrame({
            "country": self.keys.get_level_values(0)[k],
            "year": self.keys.get_level_values(1)[k],
            "code": np.asarray(self.industries)[j],
            "GO": self.x[k, j],
            "intermediate_inputs": (self.Zd + self.Zm).sum(axis=1)[k, j],
        })

    def identity_errors(self) -> pd.DataFrame:
        """Largest errors of the accounting identities in each country-year.

        - ``inverse``: max |L (I - A) - I| and ``inverse_d``: max |L^d (I - A^d) - I|;
        - ``output``: max_i |x_i - (L^d f^d)_i| / max(x), the domestic output identity, relative
          to the largest output of the country-year (the release rounds to about 1e-6 of it).
        """
        n = self.A.shape[-1]
        eye = np.eye(n)
        inv = np.abs(self.L @ (eye - self.A) - eye).max(axis=(1, 2))
        inv_d = np.abs(self.Ld @ (eye - self.Ad) - eye).max(axis=(1, 2))
        xhat = np.einsum("kij,kj->ki", self.Ld, self.fd)
        out = np.abs(self.x - xhat).max(axis=1) / np.maximum(self.x.max(axis=1), 1e-300)
        return pd.DataFrame({"inverse": inv, "inverse_d": inv_d, "output": out}, index=self.keys)
