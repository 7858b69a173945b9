"""The OR-Tools adapter: the routing model of a block (model.py) and OR-Tools' local search on our roster
(polish.py). `_api.py` is the only module of rostering that imports OR-Tools.
"""
