from typing import TypeVar

from django.db.models import ForeignKey, ManyToManyField, Model

_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True, default=_ST)
_To = TypeVar("_To", bound=Model)
_Through = TypeVar("_Through", bound=Model)

class ParentalKey(ForeignKey[_ST, _GT]): ...
class ParentalManyToManyField(ManyToManyField[_To, _Through]): ...
