"""The indicators' import kinds: values, targets and indicator definitions.

Imported by ``IndicatorsConfig.ready()``; each line registers one kind, and the order is the
import page's.
"""

from goldenthread.imports.registry import register
from goldenthread.indicators.importers import definitions, scorecard, targets, values

register(values.KIND)
register(targets.KIND)
register(definitions.KIND)
register(scorecard.KIND)
