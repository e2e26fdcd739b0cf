"""Pure analytics: DataFrame -> DataFrame / numbers (no Streamlit, no database)."""
