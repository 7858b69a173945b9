"""The care domain: pure, immutable pydantic models. Imports nothing else of ours; does no I/O."""

from .absence import Absence as Absence
from .absence import AbsenceReason as AbsenceReason
from .carer import TRAVEL_MODES as TRAVEL_MODES
from .carer import Carer as Carer
from .carer import Gender as Gender
from .carer import Shift as Shift
from .carer import TravelMode as TravelMode
from .client import Client as Client
from .client import HistoryRecord as HistoryRecord
from .client import Visit as Visit
from .client import VisitDependency as VisitDependency
from .locality import ApproximateTravel as ApproximateTravel
from .locality import Bounds as Bounds
from .locality import Locality as Locality
from .locations import MapPoint as MapPoint
from .locations import carer_location_id as carer_location_id
from .locations import client_location_id as client_location_id
from .problem import Problem as Problem
from .problem import ReferenceIssue as ReferenceIssue
from .provider import Provider as Provider
from .roster import Assignment as Assignment
from .roster import Break as Break
from .roster import Roster as Roster
from .roster import ShiftRoute as ShiftRoute
from .roster import Unassigned as Unassigned
